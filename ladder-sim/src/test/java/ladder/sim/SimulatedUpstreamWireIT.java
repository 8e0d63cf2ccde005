package ladder.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.batches.BatchCreateParams;
import com.anthropic.models.messages.batches.MessageBatch;
import com.anthropic.models.messages.batches.MessageBatchIndividualResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import ladder.testkit.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bytes on the wire, batches, models and header checks, seen by a plain HTTP client and the SDK. */
class SimulatedUpstreamWireIT {

    static {
        Quiet.helidon();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY =
            "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private final FakeClock clock = FakeClock.at("2026-11-01T00:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatedUpstream sim;

    @BeforeEach
    void start() {
        sim = SimulatedUpstream.start(SimConfig.instant().withBatchDelay(Duration.ofMinutes(10)), clock);
    }

    @AfterEach
    void stop() {
        sim.close();
        http.close();
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUri() + path))
                        .header("x-api-key", "k")
                        .header("anthropic-version", "2023-06-01")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void stream_rawBytes_followTheEventSequenceWithEventLines() throws Exception {
        HttpResponse<String> res = post(
                "/v1/messages?beta=true",
                BODY + ",\"stream\":true}",
                "x-api-key",
                "k",
                "anthropic-version",
                "2023-06-01");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(res.headers().firstValue("request-id"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
        List<String> names = new ArrayList<>();
        JsonNode lastUsage = null;
        for (String event : res.body().split("\n\n")) {
            String[] lines = event.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            String name = lines[0].substring(7);
            JsonNode data = JSON.readTree(lines[1].substring(6));
            assertThat(data.get("type").asText()).isEqualTo(name);
            names.add(name);
            if (name.equals("message_delta")) {
                lastUsage = data.get("usage");
            }
        }
        assertThat(names.subList(0, 4))
                .containsExactly("message_start", "ping", "content_block_start", "content_block_delta");
        assertThat(names.subList(names.size() - 3, names.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(lastUsage.get("output_tokens").asInt()).isPositive();
        assertThat(lastUsage.get("input_tokens").asInt()).isPositive();
    }

    @Test
    void auth_missingKey_is401WithAnthropicErrorBody() throws Exception {
        HttpResponse<String> res = post("/v1/messages", BODY + "}", "anthropic-version", "2023-06-01");

        assertThat(res.statusCode()).isEqualTo(401);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(body.get("request_id").asText())
                .isEqualTo(res.headers().firstValue("request-id").orElseThrow());
    }

    @Test
    void auth_bearerToken_isAccepted() throws Exception {
        HttpResponse<String> res =
                post("/v1/messages", BODY + "}", "authorization", "Bearer k", "anthropic-version", "2026-10-21");

        assertThat(res.statusCode()).isEqualTo(200);
    }

    @Test
    void version_missing_is400() throws Exception {
        HttpResponse<String> res = post("/v1/messages", BODY + "}", "x-api-key", "k");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("anthropic-version");
    }

    @Test
    void sampling_underOldVersion_isAccepted() throws Exception {
        HttpResponse<String> res = post(
                "/v1/messages", BODY + ",\"temperature\":0.2}", "x-api-key", "k", "anthropic-version", "2023-06-01");

        assertThat(res.statusCode()).isEqualTo(200);
    }

    @Test
    void sampling_underNewVersion_is400NamingTheField() throws Exception {
        HttpResponse<String> res =
                post("/v1/messages", BODY + ",\"top_k\":5}", "x-api-key", "k", "anthropic-version", "2026-10-21");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).path("error").path("message").asText())
                .startsWith("top_k");
    }

    @Test
    void models_list_namesTheKnownModels() throws Exception {
        JsonNode page = JSON.readTree(get("/v1/models").body());

        assertThat(page.get("data").findValuesAsText("id"))
                .contains("claude-haiku-4-5", "claude-sonnet-4-6", "claude-opus-4-8", "claude-fable-5");
        assertThat(JSON.readTree(get("/v1/models/claude-sonnet-4-6").body())
                        .get("display_name")
                        .asText())
                .isEqualTo("Claude Sonnet 4.6");
    }

    @Test
    void unknownModel_isAnsweredToo() throws Exception {
        HttpResponse<String> res = post(
                "/v1/messages",
                BODY.replace("claude-haiku-4-5", "claude-future-9") + "}",
                "x-api-key",
                "k",
                "anthropic-version",
                "2023-06-01");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(res.body()).get("model").asText()).isEqualTo("claude-future-9");
    }

    @Test
    void batches_lifecycle_inProgressUntilDelayThenResultsWithBatchTier() {
        AnthropicClient client = AnthropicOkHttpClient.builder()
                .baseUrl(sim.baseUri().toString())
                .apiKey("k")
                .maxRetries(0)
                .build();
        try {
            BatchCreateParams.Request.Params params = BatchCreateParams.Request.Params.builder()
                    .model("claude-haiku-4-5")
                    .maxTokens(100)
                    .addUserMessage("classify this")
                    .build();
            MessageBatch created = client.messages()
                    .batches()
                    .create(BatchCreateParams.builder()
                            .addRequest(BatchCreateParams.Request.builder()
                                    .customId("a")
                                    .params(params)
                                    .build())
                            .addRequest(BatchCreateParams.Request.builder()
                                    .customId("b")
                                    .params(params)
                                    .build())
                            .build());

            assertThat(created.processingStatus()).isEqualTo(MessageBatch.ProcessingStatus.IN_PROGRESS);
            assertThat(created.resultsUrl()).isEmpty();
            assertThat(client.messages().batches().list().data())
                    .extracting(MessageBatch::id)
                    .containsExactly(created.id());

            clock.advance(Duration.ofMinutes(10));
            MessageBatch ended = client.messages().batches().retrieve(created.id());
            assertThat(ended.processingStatus()).isEqualTo(MessageBatch.ProcessingStatus.ENDED);
            assertThat(ended.requestCounts().succeeded()).isEqualTo(2);
            assertThat(ended.resultsUrl())
                    .hasValueSatisfying(
                            url -> assertThat(url).startsWith(sim.baseUri().toString()));

            List<MessageBatchIndividualResponse> results = new ArrayList<>();
            try (StreamResponse<MessageBatchIndividualResponse> stream =
                    client.messages().batches().resultsStreaming(created.id())) {
                stream.stream().forEach(results::add);
            }
            assertThat(results)
                    .extracting(MessageBatchIndividualResponse::customId)
                    .containsExactlyInAnyOrder("a", "b");
            assertThat(results.getFirst()
                            .result()
                            .asSucceeded()
                            .message()
                            .usage()
                            .serviceTier())
                    .hasValueSatisfying(t -> assertThat(t.asString()).isEqualTo("batch"));
        } finally {
            client.close();
        }
    }

    @Test
    void batches_cancelInProgress_endsWithAllCanceled() throws Exception {
        String create = "{\"requests\":[{\"custom_id\":\"x\",\"params\":" + BODY + "}}]}";
        JsonNode batch =
                JSON.readTree(post("/v1/messages/batches", create, "x-api-key", "k", "anthropic-version", "2023-06-01")
                        .body());
        String id = batch.get("id").asText();

        JsonNode canceling = JSON.readTree(
                post("/v1/messages/batches/" + id + "/cancel", "", "x-api-key", "k", "anthropic-version", "2023-06-01")
                        .body());
        JsonNode ended = JSON.readTree(get("/v1/messages/batches/" + id).body());
        String results = get("/v1/messages/batches/" + id + "/results").body();

        assertThat(canceling.get("processing_status").asText()).isEqualTo("canceling");
        assertThat(ended.get("processing_status").asText()).isEqualTo("ended");
        assertThat(ended.path("request_counts").path("canceled").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(results.strip()).path("result").path("type").asText())
                .isEqualTo("canceled");
    }

    @Test
    void unknownPath_is404NotFoundError() throws Exception {
        HttpResponse<String> res = get("/v1/nothing");

        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(res.body()).path("error").path("type").asText())
                .isEqualTo("not_found_error");
    }
}
