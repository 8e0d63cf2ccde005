package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.ContentTooLargeException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.PaymentRequiredException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.SseException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Metadata;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.batches.MessageBatch;
import com.anthropic.models.messages.batches.MessageBatchIndividualResponse;
import com.anthropic.models.models.ModelInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.testkit.FakeClock;
import ladder.testkit.RecordingSleeper;
import ladder.testkit.ScriptedUpstream;
import ladder.testkit.ScriptedUpstream.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real gateway on port 0, the official Java SDK as client, a scripted fake upstream behind. */
class GatewayIT {

    private static final String UPSTREAM_KEY = "sk-ant-upstream-SECRET-0123456789";
    private static final long BODY_LIMIT = 64 * 1024;

    private static ScriptedUpstream upstream;
    private static Gateway gateway;
    private static InMemoryAttempts ledger;
    private static final java.util.concurrent.BlockingQueue<AttemptRecord> appended =
            new java.util.concurrent.LinkedBlockingQueue<>();
    private static RecordingSleeper sleeper;
    private static String key;
    private static String limitedKey;
    private static String brokeKey;
    private static String revokedKey;
    private static AnthropicClient client;
    private static KeyRing keys;
    private static final HttpClient RAW = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        upstream = ScriptedUpstream.start();
        SecureRandom random = new SecureRandom();
        ApiKey.Created main = ApiKey.create("team-a", "proj-a", random);
        ApiKey.Created limited = ApiKey.create("team-b", "proj-b", random);
        ApiKey.Created broke = ApiKey.create("team-broke", "proj-c", random);
        ApiKey.Created revoked = ApiKey.create("team-a", "proj-a", random);
        ApiKey r = revoked.stored();
        key = main.plainKey();
        limitedKey = limited.plainKey();
        brokeKey = broke.plainKey();
        revokedKey = revoked.plainKey();
        keys = KeyRing.of(List.of(
                main.stored(),
                limited.stored(),
                broke.stored(),
                new ApiKey(r.id(), r.sha256(), r.team(), r.project(), true)));
        StaticRouter router = StaticRouter.defaults()
                .withAllowedTiers("team-b", Set.of(Tier.SMALL, Tier.MEDIUM))
                .withExhaustedBudget(
                        "team-broke",
                        "budget 'team-broke monthly' of $100.00 is exhausted; it resets at 2026-12-01T00:00:00Z");
        ledger = new InMemoryAttempts();
        sleeper = RecordingSleeper.create();
        gateway = Gateway.start(
                GatewayConfig.of("127.0.0.1", 0, upstream.baseUri(), UPSTREAM_KEY)
                        .withMaxBodyBytes(BODY_LIMIT),
                new Gateway.Ports(
                        keys,
                        router,
                        new StaticPricer(),
                        attempt -> {
                            ledger.append(attempt);
                            appended.add(attempt);
                        },
                        ledger,
                        FakeClock.at("2026-11-25T12:00:00Z"),
                        sleeper));
        client = clientWith(key);
    }

    private static AnthropicClient clientWith(String apiKey) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(base())
                .apiKey(apiKey)
                .maxRetries(0)
                .build();
    }

    private static String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.clear();
    }

    /** Answers a plain message from whatever model the gateway sent. */
    private static Reply echoModel(String text) {
        return Reply.from(req -> Reply.json(200, ScriptedUpstream.message(modelOf(req), text, "end_turn", 10, 5)));
    }

    private static String modelOf(ScriptedUpstream.Recorded req) {
        try {
            return RequestFacts.JSON.readTree(req.body()).path("model").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static MessageCreateParams.Builder params(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage("hello");
    }

    private List<AttemptRecord> attemptsOf(String requestId) {
        return ledger.attempts().stream()
                .filter(a -> a.requestId().equals(requestId))
                .toList();
    }

    // ---- plain, streamed, tools, count_tokens ----

    @Test
    void messages_routeName_sendsTierModelUpstreamWithUpstreamKeyAndLadderHeaders() {
        upstream.enqueue(echoModel("hi there"));
        try (HttpResponseFor<Message> raw = client.messages()
                .withRawResponse()
                .create(params("ladder:classify")
                        .putAdditionalHeader("x-ladder-task-id", "task-plain")
                        .build())) {
            Message message = raw.parse();

            assertThat(message.model().asString()).isEqualTo("claude-haiku-4-5");
            assertThat(raw.headers().values("x-ladder-model")).containsExactly("claude-haiku-4-5");
            assertThat(raw.headers().values("x-ladder-tier")).containsExactly("small");
            assertThat(raw.headers().values("x-ladder-rule")).containsExactly("step:classify");
            assertThat(raw.headers().values("x-ladder-attempts")).containsExactly("1");
            // Haiku: 10 in x $1 + 5 out x $5 per MTok.
            assertThat(raw.headers().values("x-ladder-cost-usd")).containsExactly("0.000035");
            assertThat(raw.headers().values("x-ladder-task-cost-usd")).containsExactly("0.000035");

            ScriptedUpstream.Recorded sent = upstream.lastRequest();
            assertThat(sent.header("x-api-key")).isEqualTo(UPSTREAM_KEY);
            assertThat(sent.headers("authorization")).isEmpty();
            assertThat(sent.bodyText()).doesNotContain(key);
            assertThat(sent.header("anthropic-version")).isNotEmpty();
            assertThat(sent.headers()).doesNotContainKey("x-ladder-task-id");

            AttemptRecord attempt = ledger.attempts().get(ledger.attempts().size() - 1);
            assertThat(attempt.taskId()).isEqualTo(TaskId.of("task-plain"));
            assertThat(attempt.team()).isEqualTo("team-a");
            assertThat(attempt.kind()).isEqualTo(AttemptKind.FIRST);
            assertThat(attempt.usage().inputTokens()).isEqualTo(10);
            assertThat(attempt.cost()).isEqualTo(new AttemptCost.Priced(Money.ofNanos(35_000)));
            assertThat(attempt.step()).isEqualTo("classify");
            assertThat(attempt.keyId()).startsWith("key_").doesNotContain(key);
        }
    }

    @Test
    void messages_streamedText_relaysEventsAndRecordsCumulativeUsage() {
        upstream.enqueue(
                Reply.sse(ScriptedUpstream.textStream("claude-sonnet-4-6", List.of("Hel", "lo", "!"), 20, 300, 9)));
        MessageAccumulator acc = MessageAccumulator.create();
        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
                .createStreaming(params("ladder:draft")
                        .putAdditionalHeader("x-ladder-task-id", "task-stream")
                        .build())) {
            stream.stream().forEach(e -> {
                events.add(e);
                acc.accumulate(e);
            });
        }
        Message message = acc.message();
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello!");
        assertThat(message.usage().outputTokens()).isEqualTo(9);
        assertThat(events).isNotEmpty();

        AttemptRecord attempt = ledger.attempts().stream()
                .filter(a -> a.taskId().value().equals("task-stream"))
                .findFirst()
                .orElseThrow();
        assertThat(attempt.stream()).isTrue();
        assertThat(attempt.usage().inputTokens()).isEqualTo(20);
        assertThat(attempt.usage().cacheReadInputTokens()).isEqualTo(300);
        assertThat(attempt.usage().outputTokens()).isEqualTo(9);
        assertThat(attempt.firstByteMicros()).isPositive();
    }

    @Test
    void messages_streamedToolInput_arrivesWhole() {
        upstream.enqueue(Reply.sse(ScriptedUpstream.toolStream(
                "claude-haiku-4-5", "classify", List.of("", "{\"label\":", " \"spam\"}"), 12)));
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream =
                client.messages().createStreaming(params("claude-haiku-4-5").build())) {
            stream.stream().forEach(acc::accumulate);
        }
        var toolUse = acc.message().content().get(0).toolUse().orElseThrow();
        assertThat(toolUse.name()).isEqualTo("classify");
        assertThat(toolUse._input().toString()).contains("spam");
    }

    @Test
    void messages_toolRoundTrip_forwardsToolResult() {
        upstream.enqueue(
                Reply.json(200, ScriptedUpstream.toolUse("claude-sonnet-4-6", "lookup", "{\"q\":\"x\"}", 30, 8)));
        Tool lookup = Tool.builder()
                .name("lookup")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("q", Map.of("type", "string"))))
                        .build())
                .build();
        Message first = client.messages()
                .create(params("ladder:execute").addTool(lookup).build());
        var toolUse = first.content().get(0).toolUse().orElseThrow();

        upstream.enqueue(echoModel("the answer is 42"));
        Message second = client.messages()
                .create(params("ladder:execute")
                        .addTool(lookup)
                        .addMessage(first)
                        .addUserMessageOfContentBlockParams(
                                List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                                        .toolUseId(toolUse.id())
                                        .content("42")
                                        .build())))
                        .build());
        assertThat(second.content().get(0).text().orElseThrow().text()).isEqualTo("the answer is 42");
        assertThat(upstream.lastRequest().bodyText())
                .contains("\"tool_result\"")
                .contains(toolUse.id());
    }

    @Test
    void countTokens_routeName_forwardsWithRoutedModel() {
        upstream.enqueue(Reply.json(200, "{\"input_tokens\":42}"));
        long count = client.messages()
                .countTokens(MessageCountTokensParams.builder()
                        .model("ladder:plan")
                        .addUserMessage("count me")
                        .build())
                .inputTokens();
        assertThat(count).isEqualTo(42);
        assertThat(upstream.lastRequest().pathAndQuery()).isEqualTo("/v1/messages/count_tokens");
        assertThat(modelOf(upstream.lastRequest())).isEqualTo("claude-opus-4-8");
    }

    // ---- bytes on the wire ----

    @Test
    void messages_cacheControlBlocks_forwardedByteExactExceptModel() throws Exception {
        String body = "{\n  \"model\" : \"ladder:auto\",\"max_tokens\": 64,\n"
                + "  \"system\": [{\"type\":\"text\",\"text\":\"x-anthropic-billing-header: cc_version=1\"},"
                + "{\"type\":\"text\",\"text\":\"You are helpful\",\"cache_control\":{\"type\":\"ephemeral\"}}],\n"
                + "  \"tools\":[{\"name\":\"Read\",\"input_schema\":{\"type\":\"object\"},\"defer_loading\":true,"
                + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}],\n"
                + "  \"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"caf\\u00e9 ☕\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]}],\n"
                + "  \"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"},\"metadata\":{\"user_id\":"
                + "\"{\\\"device_id\\\":\\\"d\\\",\\\"account_uuid\\\":\\\"\\\",\\\"session_id\\\":\\\"sess-42\\\"}\"}}";
        upstream.enqueue(echoModel("ok"));
        HttpResponse<String> response = RAW.send(
                HttpRequest.newBuilder(URI.create(base() + "/v1/messages?beta=true"))
                        .header("x-api-key", key)
                        .header("anthropic-version", "2023-06-01")
                        .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")
                        .header("anthropic-beta", "effort-2025-11-24")
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        ScriptedUpstream.Recorded sent = upstream.lastRequest();
        assertThat(sent.pathAndQuery()).isEqualTo("/v1/messages?beta=true");
        assertThat(sent.body())
                .isEqualTo(
                        body.replace("\"ladder:auto\"", "\"claude-sonnet-4-6\"").getBytes(StandardCharsets.UTF_8));
        assertThat(String.join(",", sent.headers("anthropic-beta")))
                .contains("claude-code-20250219")
                .contains("interleaved-thinking-2025-05-14")
                .contains("effort-2025-11-24");
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        AttemptRecord attempt = ledger.attempts().get(ledger.attempts().size() - 1);
        assertThat(attempt.taskId()).isEqualTo(TaskId.of("sess-42"));
        // The ledger derives prefix fingerprints from the client's exact body, handed over with the attempt.
        assertThat(new String(attempt.requestBody(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("cache_control");
    }

    @Test
    void messages_claudeCodeStreamedCall_bodyAndSseBytesPassUnchanged() throws Exception {
        String userId = "{\\\"device_id\\\":\\\"0f0f\\\",\\\"account_uuid\\\":\\\"\\\","
                + "\\\"session_id\\\":\\\"9b2c-session\\\"}";
        String body = "{\"model\":\"claude-opus-4-8\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"<system-reminder>r</system-reminder>\"},{\"type\":\"text\",\"text\":\"pong?\"}]},"
                + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"cwd: /repo\",\"cache_control\":"
                + "{\"type\":\"ephemeral\"}}]}],\"system\":[{\"type\":\"text\",\"text\":\"x-anthropic-billing-header: "
                + "cc_version=2.1.330.abc; cc_entrypoint=sdk-cli;\"},{\"type\":\"text\",\"text\":\"You are Claude Code\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":\"instructions\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}],\"tools\":[{\"name\":\"Bash\",\"input_schema\":"
                + "{\"type\":\"object\"}},{\"name\":\"DeferredToolPlaceholder\",\"defer_loading\":true,"
                + "\"input_schema\":{\"type\":\"object\"}}],\"metadata\":{\"user_id\":\"" + userId + "\"},"
                + "\"max_tokens\":128000,\"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"},"
                + "\"context_management\":{\"edits\":[{\"type\":\"clear_thinking_20251015\",\"keep\":\"all\"}]},"
                + "\"output_config\":{\"effort\":\"medium\"},\"stream\":true}";
        List<String> events = ScriptedUpstream.textStream("claude-opus-4-8", List.of("po", "ng"), 3, 9500, 4);
        upstream.enqueue(Reply.sse(events));
        HttpResponse<String> response = RAW.send(
                HttpRequest.newBuilder(URI.create(base() + "/v1/messages?beta=true"))
                        .header("x-api-key", key)
                        .header("anthropic-version", "2023-06-01")
                        .header("anthropic-beta", "claude-code-20250219,per-turn-control-2026-07-01")
                        .header("x-app", "cli")
                        .header("x-claude-code-session-id", "9b2c-session")
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.body()).isEqualTo(String.join("", events));
        ScriptedUpstream.Recorded sent = upstream.lastRequest();
        assertThat(sent.bodyText()).isEqualTo(body);
        assertThat(sent.header("x-claude-code-session-id")).isEqualTo("9b2c-session");
        assertThat(sent.header("x-app")).isEqualTo("cli");
        assertThat(sent.header("anthropic-beta")).contains("per-turn-control-2026-07-01");
        AttemptRecord attempt = ledger.attempts().get(ledger.attempts().size() - 1);
        assertThat(attempt.taskId()).isEqualTo(TaskId.of("9b2c-session"));
        assertThat(attempt.usage().cacheReadInputTokens()).isEqualTo(9500);
        // The ledger derives prefix fingerprints from the client's exact body, handed over with the attempt.
        assertThat(new String(attempt.requestBody(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("cache_control");
    }

    @Test
    void messages_streamArrivingWhole_leavesInOneWriteWithItsLength() throws Exception {
        // The upstream's whole stream comes in one read, message_stop included: the gateway sends it whole, with a
        // length (headers and body in one write), instead of streaming headers, a chunk and the last chunk.
        List<String> events = ScriptedUpstream.textStream("claude-sonnet-4-6", List.of("wh", "ole"), 12, 0, 3);
        byte[] whole = String.join("", events).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> response = streamedFromOneUpstreamWrite(whole);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(String.join("", events));
        assertThat(response.headers().firstValue("content-length")).hasValue(String.valueOf(whole.length));
        assertThat(response.headers().firstValue("transfer-encoding")).isEmpty();
        assertThat(ledger.attempts().get(ledger.attempts().size() - 1).usage().outputTokens())
                .isEqualTo(3);
    }

    @Test
    void messages_bytesAfterMessageStop_areRelayedStreamingOnceTheyOutgrowTheHeldStream() throws Exception {
        // Whatever follows message_stop is still relayed byte for byte; past a bound the gateway stops holding the
        // stream whole and streams it, so memory per stream stays bounded.
        List<String> events = ScriptedUpstream.textStream("claude-sonnet-4-6", List.of("tail"), 12, 0, 3);
        String sse = String.join("", events) + ": trailing comment\n".repeat(4_000);
        HttpResponse<String> response =
                streamedFromOneUpstreamWrite(sse.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(sse);
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
    }

    @Test
    void messages_upstreamDropsAfterAWholeStream_clientGetsItOnceAndNothingIsRetried() throws Exception {
        // message_stop arrived, then the connection broke before the body's end: the stream is complete, so it is
        // delivered, not treated as a cut stream and tried again on another model.
        List<String> events = ScriptedUpstream.textStream("claude-sonnet-4-6", List.of("do", "ne"), 12, 0, 3);
        upstream.enqueue(new Reply.Truncated(
                java.util.Map.of("content-type", "text/event-stream"),
                String.join("", events).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        HttpResponse<String> response = rawStreamedCall();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(String.join("", events));
        assertThat(upstream.requests()).hasSize(1);
    }

    /** A raw streamed call whose upstream answers with {@code sse} in a single response write. */
    private HttpResponse<String> streamedFromOneUpstreamWrite(byte[] sse) throws Exception {
        upstream.enqueue(new Reply.Full(200, java.util.Map.of("content-type", "text/event-stream"), sse));
        return rawStreamedCall();
    }

    private HttpResponse<String> rawStreamedCall() throws Exception {
        return RAW.send(
                HttpRequest.newBuilder(URI.create(base() + "/v1/messages"))
                        .header("x-api-key", key)
                        .header("anthropic-version", "2023-06-01")
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"ladder:auto\",\"max_tokens\":64,"
                                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- errors, each as the SDK's typed exception ----

    @Test
    void messages_malformedJson_is400InvalidRequestWithAnthropicBody() throws Exception {
        HttpResponse<String> response = rawPost("/v1/messages", "{\"model\": \"x\", ", key);
        assertThat(response.statusCode()).isEqualTo(400);
        var error = RequestFacts.JSON.readTree(response.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("request_id").asText()).startsWith("req_");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at ladder.");
    }

    @Test
    void messages_missingFields_are400NamingTheField() throws Exception {
        assertThat(rawPost("/v1/messages", "{\"model\":\"m\",\"messages\":[]}", key)
                        .body())
                .contains("max_tokens");
        assertThat(rawPost("/v1/messages", "{\"max_tokens\":1,\"messages\":[]}", key)
                        .body())
                .contains("model");
        assertThat(rawPost("/v1/messages", "{\"model\":\"m\",\"max_tokens\":1}", key)
                        .body())
                .contains("messages");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void messages_bodyOverLimit_isContentTooLarge() {
        String big = "x".repeat((int) BODY_LIMIT);
        assertThatThrownBy(() -> client.messages()
                        .create(MessageCreateParams.builder()
                                .model("ladder:auto")
                                .maxTokens(10)
                                .addUserMessage(big)
                                .build()))
                .isInstanceOfSatisfying(
                        ContentTooLargeException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(413));
    }

    @Test
    void messages_unknownOrRevokedKey_isUnauthorized() {
        assertThatThrownBy(() -> clientWith("lk_nope")
                        .messages()
                        .create(params("ladder:auto").build()))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> clientWith(revokedKey)
                        .messages()
                        .create(params("ladder:auto").build()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("revoked");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void messages_forbiddenTier_isPermissionDeniedNamingTierAndTeam() {
        assertThatThrownBy(() -> clientWith(limitedKey)
                        .messages()
                        .create(params("ladder:auto")
                                .putAdditionalHeader("x-ladder-override", "frontier")
                                .putAdditionalHeader("x-ladder-override-reason", "hard proof")
                                .build()))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("frontier")
                .hasMessageContaining("team-b");
    }

    @Test
    void messages_budgetExhausted_isPaymentRequiredNotRetried() {
        assertThatThrownBy(() -> clientWith(brokeKey)
                        .messages()
                        .create(params("ladder:auto").build()))
                .isInstanceOfSatisfying(PaymentRequiredException.class, e -> {
                    assertThat(e.getMessage()).contains("team-broke monthly").contains("resets");
                    assertThat(e.headers().values("x-should-retry")).containsExactly("false");
                });
    }

    @Test
    void messages_unknownRoute_isBadRequest() {
        assertThatThrownBy(
                        () -> client.messages().create(params("ladder:juggle").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("ladder:juggle");
    }

    // ---- fallback, retry, escalation ----

    @Test
    void messages_529OnFirstModel_answeredByFallbackModel() {
        upstream.enqueue(Reply.overloaded(), echoModel("from the fallback"));
        try (HttpResponseFor<Message> raw = client.messages()
                .withRawResponse()
                .create(params("claude-sonnet-4-6").build())) {
            Message message = raw.parse();
            assertThat(message.model().asString()).isEqualTo("claude-haiku-4-5");
            assertThat(raw.headers().values("x-ladder-attempts")).containsExactly("2");
            List<String> models =
                    upstream.requests().stream().map(GatewayIT::modelOf).toList();
            assertThat(models).containsExactly("claude-sonnet-4-6", "claude-haiku-4-5");
            String requestId = raw.headers().values("x-ladder-request-id").get(0);
            assertThat(attemptsOf(requestId))
                    .extracting(AttemptRecord::kind, AttemptRecord::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(AttemptKind.FIRST, 529),
                            org.assertj.core.groups.Tuple.tuple(AttemptKind.FALLBACK, 200));
        }
    }

    @Test
    void messages_529OnEveryModel_reachesClientAsOverloadedWithShouldRetryFalse() {
        upstream.enqueue(Reply.overloaded(), Reply.overloaded(), Reply.overloaded());
        assertThatThrownBy(
                        () -> client.messages().create(params("claude-opus-4-8").build()))
                .isInstanceOfSatisfying(
                        OverloadedException.class,
                        e -> assertThat(e.headers().values("x-should-retry")).containsExactly("false"));
        assertThat(upstream.requests()).hasSize(3);
    }

    @Test
    void messages_429WithRetryAfter_waitsThenRetriesSameModel() {
        upstream.enqueue(Reply.rateLimited(Duration.ofSeconds(2)), echoModel("after the wait"));
        int waitsBefore = sleeper.waits().size();
        Message message = client.messages().create(params("ladder:draft").build());
        assertThat(message.model().asString()).isEqualTo("claude-sonnet-4-6");
        assertThat(sleeper.waits().subList(waitsBefore, sleeper.waits().size())).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void messages_streamOverloadedBeforeContent_failsOverInvisibly() {
        List<String> overloaded = List.of(
                ScriptedUpstream.textStream("claude-sonnet-4-6", List.of(), 5, 0, 1)
                        .get(0),
                ScriptedUpstream.event(
                        "error",
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        upstream.enqueue(
                Reply.sse(overloaded),
                Reply.sse(ScriptedUpstream.textStream("claude-haiku-4-5", List.of("fine"), 5, 0, 2)));
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream =
                client.messages().createStreaming(params("ladder:draft").build())) {
            stream.stream().forEach(acc::accumulate);
        }
        assertThat(acc.message().model().asString()).isEqualTo("claude-haiku-4-5");
        assertThat(acc.message().content().get(0).text().orElseThrow().text()).isEqualTo("fine");
        assertThat(upstream.requests()).hasSize(2);
    }

    @Test
    void messages_streamErrorAfterContent_reachesClientAsErrorEvent() {
        List<String> events = ScriptedUpstream.textStream("claude-sonnet-4-6", List.of("partial"), 5, 0, 1);
        List<String> broken = new ArrayList<>(events.subList(0, 4));
        broken.add(ScriptedUpstream.event(
                "error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        upstream.enqueue(Reply.sse(broken));
        assertThatThrownBy(() -> {
                    try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
                            .createStreaming(params("ladder:draft").build())) {
                        stream.stream().forEach(e -> {});
                    }
                })
                .isInstanceOf(SseException.class);
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void messages_streamCutAfterContent_isAnErrorNotATruncatedSuccess() {
        CountDownLatch clientSawContent = new CountDownLatch(1);
        upstream.enqueue(Reply.sseCutAfter(
                ScriptedUpstream.textStream("claude-sonnet-4-6", List.of("a", "b"), 5, 0, 1),
                4,
                () -> awaitQuietly(clientSawContent)));
        List<RawMessageStreamEvent> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
                            .createStreaming(params("ladder:draft").build())) {
                        stream.stream().forEach(e -> {
                            seen.add(e);
                            if (e.contentBlockDelta().isPresent()) {
                                clientSawContent.countDown();
                            }
                        });
                    }
                })
                .isInstanceOf(AnthropicException.class);
        assertThat(seen).anyMatch(e -> e.contentBlockDelta().isPresent());
        assertThat(seen).noneMatch(e -> e.messageStop().isPresent());
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void messages_clientDisconnectsMidStream_attemptStillRecorded() throws Exception {
        CountDownLatch clientLeft = new CountDownLatch(1);
        List<String> events = ScriptedUpstream.textStream("claude-sonnet-4-6", List.of("a", "b", "c"), 77, 0, 5);
        upstream.enqueue(Reply.sseCutAfter(events, 5, () -> awaitQuietly(clientLeft)));
        String body = "{\"model\":\"ladder:draft\",\"max_tokens\":5,\"stream\":true,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String task = "task-disconnect";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
            String request = "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + key
                    + "\r\nanthropic-version: 2023-06-01\r\ncontent-type: application/json\r\nx-ladder-task-id: "
                    + task + "\r\ncontent-length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("content_block_delta")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                seen.append((char) b);
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 200");
        }
        clientLeft.countDown();
        AttemptRecord attempt = awaitAttempt(task);
        assertThat(attempt.usage().inputTokens()).isEqualTo(77);
        assertThat(attempt.stream()).isTrue();
    }

    private static AttemptRecord awaitAttempt(String task) throws InterruptedException {
        // The gateway records once it notices the client left, on its own thread: wait for the append, no sleeping.
        while (true) {
            AttemptRecord next = appended.poll(5, TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("no attempt recorded for " + task);
            }
            if (next.taskId().value().equals(task)) {
                return next;
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void messages_forcedToolFailsSchema_escalatesOneTierAndReturnsBetterAnswer() {
        upstream.enqueue(
                Reply.from(req -> Reply.json(
                        200, ScriptedUpstream.toolUse(modelOf(req), "classify", "{\"label\":\"maybe\"}", 40, 6))),
                Reply.from(req -> Reply.json(
                        200, ScriptedUpstream.toolUse(modelOf(req), "classify", "{\"label\":\"spam\"}", 40, 6))));
        Tool classify = Tool.builder()
                .name("classify")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(
                                Map.of("label", Map.of("type", "string", "enum", List.of("spam", "ham")))))
                        .required(List.of("label"))
                        .build())
                .build();
        try (HttpResponseFor<Message> raw = client.messages()
                .withRawResponse()
                .create(params("ladder:classify")
                        .addTool(classify)
                        .toolChoice(ToolChoiceTool.builder().name("classify").build())
                        .build())) {
            Message message = raw.parse();
            assertThat(message.model().asString()).isEqualTo("claude-sonnet-4-6");
            assertThat(message.content().get(0).toolUse().orElseThrow()._input().toString())
                    .contains("spam");
            assertThat(raw.headers().values("x-ladder-attempts")).containsExactly("2");
            assertThat(raw.headers().values("x-ladder-tier")).containsExactly("medium");
            String requestId = raw.headers().values("x-ladder-request-id").get(0);
            List<AttemptRecord> attempts = attemptsOf(requestId);
            assertThat(attempts)
                    .extracting(AttemptRecord::kind)
                    .containsExactly(AttemptKind.FIRST, AttemptKind.ESCALATION);
            assertThat(attempts.get(1).reason()).contains("maybe");
            // Both attempts are paid for: Haiku (40 x $1 + 6 x $5) + Sonnet (40 x $3 + 6 x $15) per MTok.
            assertThat(raw.headers().values("x-ladder-cost-usd")).containsExactly("0.00028");
        }
    }

    @Test
    void messages_claudeCodeMetadata_taskCostAccumulatesAcrossCalls() {
        String session = "{\"device_id\":\"abc\",\"account_uuid\":\"\",\"session_id\":\"cc-session-1\"}";
        upstream.enqueue(echoModel("one"), echoModel("two"));
        for (int i = 0; i < 2; i++) {
            client.messages()
                    .create(params("claude-haiku-4-5")
                            .metadata(Metadata.builder().userId(session).build())
                            .build());
        }
        assertThat(ledger.costOf(TaskId.of("cc-session-1"))).isEqualTo(Money.ofNanos(70_000));
    }

    // ---- batches, models, probes ----

    @Test
    void batches_create_routesEachRequestsRouteNameToAModel() {
        String batch = "{\"id\":\"msgbatch_02\",\"type\":\"message_batch\",\"processing_status\":\"in_progress\","
                + "\"request_counts\":{\"processing\":2,\"succeeded\":0,\"errored\":0,\"canceled\":0,\"expired\":0},"
                + "\"created_at\":\"2026-11-01T00:00:00Z\",\"ended_at\":null,"
                + "\"expires_at\":\"2026-11-02T00:00:00Z\",\"cancel_initiated_at\":null,\"archived_at\":null,"
                + "\"results_url\":null}";
        upstream.enqueue(Reply.json(200, batch));
        client.messages()
                .batches()
                .create(com.anthropic.models.messages.batches.BatchCreateParams.builder()
                        .addRequest(batchRequest("a", "ladder:classify"))
                        .addRequest(batchRequest("b", "ladder:plan"))
                        .build());
        String forwarded = upstream.lastRequest().bodyText();
        assertThat(forwarded).contains("\"claude-haiku-4-5\"").contains("\"claude-opus-4-8\"");
        assertThat(forwarded).doesNotContain("ladder:");
    }

    private static com.anthropic.models.messages.batches.BatchCreateParams.Request batchRequest(
            String customId, String model) {
        return com.anthropic.models.messages.batches.BatchCreateParams.Request.builder()
                .customId(customId)
                .params(com.anthropic.models.messages.batches.BatchCreateParams.Request.Params.builder()
                        .model(model)
                        .maxTokens(16)
                        .addUserMessage("Classify: refund request")
                        .build())
                .build();
    }

    @Test
    void batches_retrieve_rewritesResultsUrlToGateway_andResultsArePricedAtBatchRates() {
        String batch = "{\"id\":\"msgbatch_01\",\"type\":\"message_batch\",\"processing_status\":\"ended\","
                + "\"request_counts\":{\"processing\":0,\"succeeded\":1,\"errored\":0,\"canceled\":0,\"expired\":0},"
                + "\"created_at\":\"2026-11-01T00:00:00Z\",\"ended_at\":\"2026-11-01T01:00:00Z\","
                + "\"expires_at\":\"2026-11-02T00:00:00Z\",\"cancel_initiated_at\":null,\"archived_at\":null,"
                + "\"results_url\":\"https://upstream.invalid/v1/messages/batches/msgbatch_01/results\"}";
        upstream.enqueue(Reply.json(200, batch));
        MessageBatch retrieved = client.messages().batches().retrieve("msgbatch_01");
        assertThat(retrieved.resultsUrl()).contains(base() + "/v1/messages/batches/msgbatch_01/results");

        String line = "{\"custom_id\":\"r1\",\"result\":{\"type\":\"succeeded\",\"message\":"
                + ScriptedUpstream.message("claude-sonnet-4-6", "batched", "end_turn", 1_000_000, 0) + "}}\n";
        upstream.enqueue(Reply.json(200, line + "{\"custom_id\":\"r2\",\"result\":{\"type\":\"expired\"}}\n"));
        List<MessageBatchIndividualResponse> results = new ArrayList<>();
        try (StreamResponse<MessageBatchIndividualResponse> stream =
                client.messages().batches().resultsStreaming("msgbatch_01")) {
            stream.stream().forEach(results::add);
        }
        assertThat(results).extracting(MessageBatchIndividualResponse::customId).containsExactly("r1", "r2");
        assertThat(upstream.lastRequest().pathAndQuery()).isEqualTo("/v1/messages/batches/msgbatch_01/results");
        AttemptRecord priced = ledger.attempts().stream()
                .filter(AttemptRecord::batch)
                .filter(a -> a.taskId().equals(ladder.core.TaskId.of("batch:msgbatch_01")))
                .findFirst()
                .orElseThrow();
        // 1M input tokens of Sonnet at half the $3 rate.
        assertThat(priced.cost()).isEqualTo(new AttemptCost.Priced(Money.parseUsd("1.50")));
        assertThat(priced.model()).isEqualTo(ModelId.SONNET_4_6);
    }

    @Test
    void batches_results_fetchedAgainHereOrAfterARestart_arePricedOnce() throws Exception {
        String line = "{\"custom_id\":\"r1\",\"result\":{\"type\":\"succeeded\",\"message\":"
                + ScriptedUpstream.message("claude-haiku-4-5", "batched", "end_turn", 1_000, 10) + "}}\n";
        // A second gateway over the same ledger stands for this one after a restart: its in-memory state is new.
        try (Gateway restarted = Gateway.start(
                GatewayConfig.of("127.0.0.1", 0, upstream.baseUri(), UPSTREAM_KEY),
                new Gateway.Ports(
                        keys,
                        StaticRouter.defaults(),
                        new StaticPricer(),
                        ledger,
                        ledger,
                        FakeClock.at("2026-11-25T12:00:00Z"),
                        sleeper))) {
            for (int i = 0; i < 3; i++) {
                upstream.enqueue(Reply.json(200, line));
            }
            fetchResults(base(), "msgbatch_03");
            fetchResults(base(), "msgbatch_03");
            fetchResults("http://127.0.0.1:" + restarted.port(), "msgbatch_03");
        }
        assertThat(ledger.attempts().stream()
                        .filter(a -> a.taskId().equals(ladder.core.TaskId.of("batch:msgbatch_03"))))
                .hasSize(1);
    }

    /** Fetches a batch's results through the gateway at {@code base} with the main key. */
    private static void fetchResults(String base, String batchId) throws Exception {
        HttpResponse<String> r = RAW.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/messages/batches/" + batchId + "/results"))
                        .header("x-api-key", key)
                        .header("anthropic-version", "2023-06-01")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void models_list_includesLadderRoutesAndAllowedModels() {
        List<String> ids = new ArrayList<>();
        clientWith(limitedKey).models().list().autoPager().forEach((ModelInfo m) -> ids.add(m.id()));
        assertThat(ids).contains("ladder:auto", "ladder:classify", "claude-haiku-4-5", "claude-sonnet-4-6");
        assertThat(ids).doesNotContain("claude-fable-5");
    }

    @Test
    void models_retrieve_answersOfferedIds_and404sOthers() {
        assertThat(clientWith(limitedKey).models().retrieve("ladder:classify").id())
                .isEqualTo("ladder:classify");
        assertThat(clientWith(limitedKey).models().retrieve("claude-haiku-4-5").id())
                .isEqualTo("claude-haiku-4-5");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> clientWith(limitedKey).models().retrieve("claude-fable-5"))
                .isInstanceOf(com.anthropic.errors.NotFoundException.class);
    }

    @Test
    void probes_helloHealthReady_answerWithoutAuth() throws Exception {
        HttpResponse<Void> hello = RAW.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/hello"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(hello.statusCode()).isEqualTo(200);
        for (String path : List.of("/healthz", "/readyz")) {
            assertThat(RAW.send(
                                    HttpRequest.newBuilder(URI.create(base() + path))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void upstreamKey_neverReachesTheClient() throws Exception {
        upstream.enqueue(echoModel("ok"), Reply.overloaded(), Reply.overloaded(), Reply.overloaded());
        List<HttpResponse<String>> responses = new ArrayList<>();
        responses.add(rawPost(
                "/v1/messages",
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                key));
        responses.add(rawPost(
                "/v1/messages",
                "{\"model\":\"claude-opus-4-8\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                key));
        responses.add(rawPost("/v1/messages", "{}", "lk_wrong"));
        for (HttpResponse<String> r : responses) {
            assertThat(r.body()).doesNotContain(UPSTREAM_KEY);
            r.headers().map().forEach((name, values) -> assertThat(values).noneMatch(v -> v.contains(UPSTREAM_KEY)));
        }
    }

    private static HttpResponse<String> rawPost(String path, String body, String apiKey) throws Exception {
        return RAW.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("x-api-key", apiKey)
                        .header("anthropic-version", "2023-06-01")
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
