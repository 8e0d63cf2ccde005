package ladder.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.PaymentRequiredException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.batches.BatchCreateParams;
import com.anthropic.models.messages.batches.MessageBatch;
import com.anthropic.models.messages.batches.MessageBatchIndividualResponse;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import ladder.app.policy.LoadedPolicy;
import ladder.app.policy.PolicyLoader;
import ladder.core.Sleeper;
import ladder.core.Tier;
import ladder.core.finding.Finding;
import ladder.core.finding.FindingService;
import ladder.core.finding.FindingsConfig;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.LedgerWriterConfig;
import ladder.core.ledger.TimeWindow;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.route.PolicyConfig;
import ladder.gateway.ApiKey;
import ladder.gateway.GatewayConfig;
import ladder.sim.Fault;
import ladder.sim.SimConfig;
import ladder.sim.SimulatedUpstream;
import ladder.store.duckdb.DuckDbLedgerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wired runtime end to end: the official SDK through the gateway (routing by the real policy over the real
 * catalog) to the simulated upstream, every attempt priced and stored in a real DuckDB ledger.
 */
class LadderRuntimeIT {

    @TempDir
    Path dir;

    private SimulatedUpstream sim;
    private ApiKey.Created key;

    @BeforeEach
    void startSim() {
        sim = SimulatedUpstream.start(SimConfig.instant());
        key = ApiKey.create("search", "ranker", new SecureRandom());
    }

    @AfterEach
    void stopSim() {
        sim.close();
    }

    @Test
    void classifyRoute_routesToSmallTier_andLedgerHoldsThePricedAttempt() {
        try (LadderRuntime runtime = start(LoadedPolicy.defaults().config())) {
            Message message = client(runtime).messages().create(params("ladder:classify"));
            assertThat(message.model().asString()).isEqualTo("claude-haiku-4-5");
            assertThat(eventually(() -> metrics(runtime), m -> m.contains("ladder_requests_total")))
                    .contains("ladder_tokens_total");
        }
        List<CallRecord> records = records();
        assertThat(records).hasSize(1);
        CallRecord record = records.get(0);
        assertThat(record.tier()).isEqualTo(Tier.SMALL);
        assertThat(record.step()).isEqualTo("classify");
        assertThat(record.team()).isEqualTo("search");
        assertThat(record.attempt().kind()).isEqualTo(AttemptKind.FIRST);
        assertThat(record.cost()).isInstanceOf(CallCost.Priced.class);
        assertThat(record.cost().amountOrZero().nanos()).isPositive();
        assertThat(((CallCost.Priced) record.cost()).priceVersion()).contains("claude-haiku-4-5");
    }

    @Test
    void taskCostHeader_afterARestart_carriesOnFromTheLedger() {
        BigDecimal before;
        try (LadderRuntime runtime = start(LoadedPolicy.defaults().config())) {
            before = taskCostAfterCall(runtime, "task-across-restart");
            taskCostAfterCall(runtime, "another-task");
            assertThat(before).isPositive();
        }
        BigDecimal after;
        try (LadderRuntime restarted = start(LoadedPolicy.defaults().config())) {
            after = taskCostAfterCall(restarted, "task-across-restart");
        }
        List<BigDecimal> costs = records().stream()
                .filter(r -> r.taskId().value().equals("task-across-restart"))
                .map(r -> r.cost().amountOrZero().toUsd())
                .toList();
        assertThat(costs).hasSize(2);
        assertThat(after).isEqualByComparingTo(costs.get(0).add(costs.get(1)));
    }

    /** Makes one call for {@code task}; the task's running cost the gateway answered with. */
    private BigDecimal taskCostAfterCall(LadderRuntime runtime, String task) {
        try (HttpResponseFor<Message> raw = client(runtime)
                .messages()
                .withRawResponse()
                .create(params("ladder:classify").toBuilder()
                        .putAdditionalHeader("x-ladder-task-id", task)
                        .build())) {
            raw.parse();
            return new BigDecimal(raw.headers().values("x-ladder-task-cost-usd").get(0));
        }
    }

    @Test
    void reportThroughTheGateway_needsAKey_andCountsTheTask() throws Exception {
        try (LadderRuntime runtime = start(LoadedPolicy.defaults().config())) {
            client(runtime).messages().create(params("ladder:classify"));
            URI report = URI.create("http://127.0.0.1:" + runtime.port() + "/ladder/v1/report?findings=false");
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(report).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
            // The writer flushes within its interval; the report reads what is stored.
            String body = "";
            for (int i = 0; i < 50 && !body.contains("\"tasks\" : 1"); i++) {
                Thread.sleep(100);
                body = http.send(
                                HttpRequest.newBuilder(report)
                                        .header("x-api-key", key.plainKey())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
            }
            assertThat(body).contains("\"tasks\" : 1");

            // The CLI reads the same report through the gateway and renders it like one read from a file.
            java.io.StringWriter out = new java.io.StringWriter();
            System.setProperty("ladder.api-key", key.plainKey());
            try {
                int exit = new picocli.CommandLine(new ladder.app.Main())
                        .setOut(new java.io.PrintWriter(out))
                        .execute(
                                "report",
                                "--gateway",
                                "http://127.0.0.1:" + runtime.port(),
                                "--no-findings",
                                "--by",
                                "step");
                assertThat(exit).isZero();
            } finally {
                System.clearProperty("ladder.api-key");
            }
            assertThat(out.toString()).contains("Cost per task").contains("classify");
        }
    }

    @Test
    void overloadedUpstream_isAnsweredByAnotherAttempt_andBothAttemptsAreRecorded() {
        sim.failNext(Fault.OVERLOADED, 1);
        try (LadderRuntime runtime = start(LoadedPolicy.defaults().config())) {
            Message message = client(runtime).messages().create(params("ladder:plan"));
            assertThat(message.content()).isNotEmpty();
        }
        List<CallRecord> records = records();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).httpStatus()).isEqualTo(529);
        assertThat(records.get(1).httpStatus()).isEqualTo(200);
        assertThat(records.get(1).attempt().kind()).isIn(AttemptKind.RETRY, AttemptKind.FALLBACK);
    }

    @Test
    void stepAboveTeamMaximum_isCappedToTheTeamsHighestTier() {
        PolicyConfig policy = PolicyLoader.parse("policy.yaml", "teams:\n  search:\n    max-tier: small\n")
                .config();
        try (LadderRuntime runtime = start(policy)) {
            Message message = client(runtime).messages().create(params("ladder:plan"));
            assertThat(message.model().asString()).isEqualTo("claude-haiku-4-5");
        }
    }

    @Test
    void overrideToATierTheTeamMayNotUse_isRefusedWith403_andNothingIsSent() {
        PolicyConfig policy = PolicyLoader.parse("policy.yaml", "teams:\n  search:\n    max-tier: medium\n")
                .config();
        MessageCreateParams params = params("ladder:plan").toBuilder()
                .putAdditionalHeader("x-ladder-override", "frontier")
                .putAdditionalHeader("x-ladder-override-reason", "launch review")
                .build();
        try (LadderRuntime runtime = start(policy)) {
            assertThatThrownBy(() -> client(runtime).messages().create(params))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("frontier")
                    .hasMessageContaining("search");
        }
        assertThat(sim.messageCalls()).isZero();
    }

    @Test
    void exhaustedTaskBudget_isRefusedWith402() {
        PolicyConfig policy = PolicyLoader.parse("policy.yaml", """
                        budgets:
                          per-task: "0.000001"
                        """).config();
        try (LadderRuntime runtime = start(policy)) {
            assertThatThrownBy(() -> client(runtime).messages().create(params("ladder:classify")))
                    .isInstanceOf(PaymentRequiredException.class)
                    .hasMessageContaining("billing_error")
                    .hasMessageContaining("task budget");
        }
        assertThat(sim.messageCalls()).isZero();
    }

    @Test
    void timestampInTheSystemPrompt_isFoundAsCacheBreakage_namingTheBlockAndOffset() {
        String instructions = "You are the billing agent. Follow the refund policy exactly. ".repeat(120);
        try (LadderRuntime runtime = start(LoadedPolicy.defaults().config())) {
            AnthropicClient client = client(runtime);
            for (int turn = 0; turn < 3; turn++) {
                // The classic leak: a clock reading inside the cached system prompt changes every call.
                String system = "Current time: 2026-11-25T10:0" + turn + ":1" + turn + "Z. " + instructions;
                client.messages()
                        .create(MessageCreateParams.builder()
                                .model("ladder:execute")
                                .maxTokens(64)
                                .systemOfTextBlockParams(List.of(TextBlockParam.builder()
                                        .text(system)
                                        .cacheControl(
                                                CacheControlEphemeral.builder().build())
                                        .build()))
                                .addUserMessage("Refund order 12345?")
                                .putAdditionalHeader("x-ladder-task-id", "task-with-clock")
                                .build());
            }
        }
        assertThat(storedFindings())
                .filteredOn(f -> f.kind() == Finding.Kind.CACHE_BREAKAGE)
                // The minute digit sits at byte 38 of the block's JSON; offsets are resolved to the 32-byte chunk that
                // first differs, so the finding points at byte 32, with the clock visible in the redacted context.
                .anySatisfy(f -> assertThat(f.title())
                        .contains("changes between calls")
                        .contains("in 'system' at byte 32")
                        .contains("99-99a99:99:99a"));
    }

    @Test
    void sameRequestSentTwiceByTheClient_isFoundAsHiddenRetry() {
        try (LadderRuntime runtime = start(LoadedPolicy.defaults().config())) {
            AnthropicClient client = client(runtime);
            // What an SDK does after a client-side timeout: the identical body again, which Ladder did not retry.
            client.messages().create(params("ladder:classify"));
            client.messages().create(params("ladder:classify"));
        }
        assertThat(storedFindings())
                .filteredOn(f -> f.kind() == Finding.Kind.HIDDEN_RETRIES)
                .singleElement()
                .satisfies(f -> assertThat(f.evidence().requestIds()).hasSize(1));
    }

    /** The findings over everything the runtime stored, read after it stopped. */
    private List<Finding> storedFindings() {
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(dir.resolve("ledger.duckdb"))) {
            return new FindingService(store, DefaultPriceCatalog.get(), FindingsConfig.defaults())
                    .findings(new TimeWindow(Instant.EPOCH, Instant.now().plusSeconds(60)), Instant.now());
        }
    }

    private static <T> T eventually(java.util.function.Supplier<T> read, java.util.function.Predicate<T> done) {
        T value = read.get();
        for (int i = 0; i < 50 && !done.test(value); i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = read.get();
        }
        return value;
    }

    @Test
    void batchResults_fetchedAgainAfterARestart_arePricedOnce() {
        String batchId;
        try (LadderRuntime runtime = start(LoadedPolicy.defaults().config())) {
            MessageBatch batch = client(runtime)
                    .messages()
                    .batches()
                    .create(BatchCreateParams.builder()
                            .addRequest(batchRequest("r1"))
                            .addRequest(batchRequest("r2"))
                            .build());
            batchId = batch.id();
            assertThat(results(runtime, batchId)).hasSize(2);
            assertThat(results(runtime, batchId)).hasSize(2);
        }
        try (LadderRuntime restarted = start(LoadedPolicy.defaults().config())) {
            assertThat(results(restarted, batchId)).hasSize(2);
        }
        String task = "batch:" + batchId;
        assertThat(records()).filteredOn(r -> r.taskId().value().equals(task)).hasSize(2);
    }

    private static BatchCreateParams.Request batchRequest(String customId) {
        return BatchCreateParams.Request.builder()
                .customId(customId)
                .params(BatchCreateParams.Request.Params.builder()
                        .model("ladder:classify")
                        .maxTokens(16)
                        .addUserMessage("Classify: refund request")
                        .build())
                .build();
    }

    private List<MessageBatchIndividualResponse> results(LadderRuntime runtime, String batchId) {
        List<MessageBatchIndividualResponse> out = new ArrayList<>();
        try (StreamResponse<MessageBatchIndividualResponse> stream =
                client(runtime).messages().batches().resultsStreaming(batchId)) {
            stream.stream().forEach(out::add);
        }
        return out;
    }

    private LadderRuntime start(PolicyConfig policy) {
        return LadderRuntime.start(
                new LadderRuntime.Settings(
                        GatewayConfig.of("127.0.0.1", 0, sim.baseUri(), "upstream-test-key"),
                        List.of(key.stored()),
                        policy,
                        DefaultPriceCatalog.get(),
                        new LedgerLocation.DuckDb(dir.resolve("ledger.duckdb")),
                        LedgerWriterConfig.defaults()),
                InstantSource.system(),
                Sleeper.system());
    }

    private AnthropicClient client(LadderRuntime runtime) {
        return AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + runtime.port())
                .apiKey(key.plainKey())
                .maxRetries(0)
                .build();
    }

    private static MessageCreateParams params(String model) {
        return MessageCreateParams.builder()
                .model(model)
                .maxTokens(64)
                .addUserMessage("Classify: refund request for a duplicated invoice")
                .build();
    }

    private static String metrics(LadderRuntime runtime) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<CallRecord> records() {
        List<CallRecord> out = new ArrayList<>();
        try (LedgerStore store = DuckDbLedgerStore.open(dir.resolve("ledger.duckdb"))) {
            store.forEachBetween(new TimeWindow(Instant.EPOCH, Instant.now().plusSeconds(60)), 100, out::add);
        }
        return out;
    }
}
