package ladder.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ladder.testkit.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Java SDK against a real sim on a free port: the sim must speak the wire protocol SDKs expect. */
class SimulatedUpstreamIT {

    private static final String SONNET = "claude-sonnet-4-6";
    /** About 2,000 tokens: above Sonnet's 1,024-token cache minimum. */
    private static final String LONG_SYSTEM = "You are a careful assistant. ".repeat(290);

    static {
        Quiet.helidon();
    }

    private final FakeClock clock = FakeClock.at("2026-11-01T00:00:00Z");
    private SimulatedUpstream sim;
    private AnthropicClient client;

    @BeforeEach
    void start() {
        sim = SimulatedUpstream.start(SimConfig.instant(), clock);
        client = AnthropicOkHttpClient.builder()
                .baseUrl(sim.baseUri().toString())
                .apiKey("sk-test")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private static Tool.InputSchema.Properties properties(Map<String, Object> schemas) {
        Tool.InputSchema.Properties.Builder b = Tool.InputSchema.Properties.builder();
        schemas.forEach((name, schema) -> b.putAdditionalProperty(name, JsonValue.from(schema)));
        return b.build();
    }

    private static MessageCreateParams.Builder hello() {
        return MessageCreateParams.builder().model(SONNET).maxTokens(500).addUserMessage("Say hello to the team");
    }

    @Test
    void create_plainRequest_returnsTextMessageWithUsage() {
        Message m = client.messages().create(hello().build());

        assertThat(m.id()).startsWith("msg_");
        assertThat(m.model().asString()).isEqualTo(SONNET);
        assertThat(m.content()).hasSize(1);
        assertThat(m.content().getFirst().text().orElseThrow().text()).isNotBlank();
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().inputTokens()).isPositive();
        assertThat(m.usage().outputTokens()).isPositive();
        assertThat(m.usage().cacheReadInputTokens()).contains(0L);
    }

    @Test
    void create_sameRequestTwice_answersTheSameText() {
        String first = client.messages()
                .create(hello().build())
                .content()
                .getFirst()
                .asText()
                .text();
        String second = client.messages()
                .create(hello().build())
                .content()
                .getFirst()
                .asText()
                .text();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void create_smallMaxTokens_stopsWithMaxTokens() {
        Message m = client.messages().create(hello().maxTokens(3).build());

        assertThat(m.stopReason()).contains(StopReason.MAX_TOKENS);
        assertThat(m.usage().outputTokens()).isEqualTo(3);
    }

    @Test
    void createStreaming_text_accumulatesToTheSameMessageAsPlain() {
        Message plain = client.messages().create(hello().build());
        MessageAccumulator acc = MessageAccumulator.create();
        List<String> types = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(hello().build())) {
            stream.stream().forEach(e -> {
                acc.accumulate(e);
                types.add(e.isMessageStart() ? "start" : e.isMessageStop() ? "stop" : "other");
            });
        }
        Message streamed = acc.message();

        assertThat(types.getFirst()).isEqualTo("start");
        assertThat(types.getLast()).isEqualTo("stop");
        assertThat(streamed.content().getFirst().asText().text())
                .isEqualTo(plain.content().getFirst().asText().text());
        assertThat(streamed.usage().outputTokens()).isEqualTo(plain.usage().outputTokens());
        assertThat(streamed.stopReason()).contains(StopReason.END_TURN);
    }

    @Test
    void create_forcedTool_returnsToolUseWithRequiredInput() {
        Tool weather = Tool.builder()
                .name("get_weather")
                .description("Weather for a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(properties(Map.of(
                                "city", Map.of("type", "string"),
                                "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")),
                                "days", Map.of("type", "integer", "minimum", 1, "maximum", 7))))
                        .required(List.of("city", "unit", "days"))
                        .build())
                .build();
        Message m = client.messages()
                .create(hello().addTool(weather)
                        .toolChoice(ToolChoiceTool.builder().name("get_weather").build())
                        .build());

        assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock call = m.content().getFirst().toolUse().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.id()).startsWith("toolu_");
        JsonNode input = call._input().convert(JsonNode.class);
        assertThat(input.has("city")).isTrue();
        assertThat(input.path("unit").asText()).isIn("celsius", "fahrenheit");
        assertThat(input.path("days").asInt()).isBetween(1, 7);
    }

    @Test
    void createStreaming_forcedTool_accumulatesInputJson() {
        Tool echo = Tool.builder()
                .name("echo")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(properties(Map.of("text", Map.of("type", "string"))))
                        .required(List.of("text"))
                        .build())
                .build();
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
                .createStreaming(hello().addTool(echo)
                        .toolChoice(ToolChoiceTool.builder().name("echo").build())
                        .build())) {
            stream.stream().forEach(acc::accumulate);
        }
        ContentBlock block = acc.message().content().getFirst();

        JsonNode input = block.toolUse().orElseThrow()._input().convert(JsonNode.class);
        assertThat(input.has("text")).isTrue();
    }

    @Test
    void create_forcedToolOnSloppyModel_missesARequiredField() {
        String haiku = "claude-haiku-4-5";
        sim.setProfile(haiku, sim.profile(haiku).withInvalidToolInputRate(1.0));
        Tool echo = Tool.builder()
                .name("echo")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(properties(Map.of("text", Map.of("type", "string"))))
                        .required(List.of("text"))
                        .build())
                .build();

        Message m = client.messages()
                .create(hello().model(haiku)
                        .addTool(echo)
                        .toolChoice(ToolChoiceTool.builder().name("echo").build())
                        .build());

        JsonNode input = m.content().getFirst().toolUse().orElseThrow()._input().convert(JsonNode.class);
        assertThat(input.has("text")).isFalse();
    }

    @Test
    void countTokens_request_returnsTheInputTokensOfCreate() {
        long counted = client.messages()
                .countTokens(MessageCountTokensParams.builder()
                        .model(SONNET)
                        .addUserMessage("Say hello to the team")
                        .build())
                .inputTokens();
        Message m = client.messages().create(hello().build());

        assertThat(counted).isEqualTo(m.usage().inputTokens());
    }

    private MessageCreateParams cached(String system) {
        return hello().systemOfTextBlockParams(List.of(TextBlockParam.builder()
                        .text(system)
                        .cacheControl(CacheControlEphemeral.builder().build())
                        .build()))
                .build();
    }

    @Test
    void cache_repeatedPrefix_readsWhatTheFirstCallWrote() {
        Message first = client.messages().create(cached(LONG_SYSTEM));
        Message second = client.messages().create(cached(LONG_SYSTEM));

        long written = first.usage().cacheCreationInputTokens().orElseThrow();
        assertThat(written).isGreaterThan(1024);
        assertThat(first.usage().cacheCreation().orElseThrow().ephemeral5mInputTokens())
                .isEqualTo(written);
        assertThat(first.usage().cacheReadInputTokens()).contains(0L);
        assertThat(second.usage().cacheReadInputTokens()).contains(written);
        assertThat(second.usage().cacheCreationInputTokens()).contains(0L);
        assertThat(second.usage().inputTokens()).isEqualTo(first.usage().inputTokens());
    }

    @Test
    void cache_oneByteChangedInSystem_missesAndWritesAgain() {
        Message first = client.messages().create(cached(LONG_SYSTEM));
        Message changed = client.messages().create(cached(LONG_SYSTEM.replaceFirst("careful", "carefuL")));

        assertThat(changed.usage().cacheReadInputTokens()).contains(0L);
        assertThat(changed.usage().cacheCreationInputTokens())
                .isEqualTo(first.usage().cacheCreationInputTokens());
    }

    @Test
    void cache_afterTtl_missesAndWritesAgain() {
        client.messages().create(cached(LONG_SYSTEM));
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        Message later = client.messages().create(cached(LONG_SYSTEM));

        assertThat(later.usage().cacheReadInputTokens()).contains(0L);
        assertThat(later.usage().cacheCreationInputTokens().orElseThrow()).isPositive();
    }

    @Test
    void cache_otherModel_doesNotShareTheCache() {
        client.messages().create(cached(LONG_SYSTEM));
        Message opus = client.messages()
                .create(cached(LONG_SYSTEM).toBuilder().model("claude-opus-4-8").build());

        assertThat(opus.usage().cacheReadInputTokens()).contains(0L);
    }

    @Test
    void faults_overloaded_surfacesAsOverloadedException() {
        sim.failNext(Fault.OVERLOADED, 1);

        assertThatThrownBy(() -> client.messages().create(hello().build()))
                .isInstanceOf(OverloadedException.class)
                .isInstanceOf(InternalServerException.class)
                .satisfies(e ->
                        assertThat(((AnthropicServiceException) e).statusCode()).isEqualTo(529));
        assertThat(client.messages().create(hello().build()).content()).isNotEmpty();
    }

    @Test
    void faults_rateLimited_surfacesAsRateLimitExceptionWithRetryAfter() {
        sim.setFaults(SONNET, FaultConfig.rateLimited(1.0, 7));

        assertThatThrownBy(() -> client.messages().create(hello().build()))
                .isInstanceOf(RateLimitException.class)
                .satisfies(e -> {
                    AnthropicServiceException ex = (AnthropicServiceException) e;
                    assertThat(ex.headers().values("retry-after")).containsExactly("7");
                    assertThat(ex.headers().values("request-id")).hasSize(1);
                });
    }

    @Test
    void faults_serverError_surfacesAsInternalServerException() {
        sim.failNext(Fault.SERVER_ERROR, 1);

        assertThatThrownBy(() -> client.messages().create(hello().build()))
                .isInstanceOf(InternalServerException.class)
                .isNotInstanceOf(OverloadedException.class);
    }

    @Test
    void faults_streamCut_surfacesAsAnError() {
        sim.failNext(Fault.STREAM_CUT, 1);

        assertThatThrownBy(() -> {
                    try (StreamResponse<RawMessageStreamEvent> stream =
                            client.messages().createStreaming(hello().build())) {
                        MessageAccumulator acc = MessageAccumulator.create();
                        stream.stream().forEach(acc::accumulate);
                        acc.message();
                    }
                })
                .isInstanceOf(AnthropicIoException.class);
    }

    @Test
    void faults_streamErrorEvent_surfacesAsSseException() {
        sim.failNext(Fault.STREAM_ERROR, 1);

        assertThatThrownBy(() -> {
                    try (StreamResponse<RawMessageStreamEvent> stream =
                            client.messages().createStreaming(hello().build())) {
                        stream.stream().forEach(e -> {});
                    }
                })
                .isInstanceOf(SseException.class);
    }

    @Test
    void create_temperatureUnderNewVersion_isRejected() {
        assertThatThrownBy(() -> client.messages()
                        .create(hello().putAdditionalBodyProperty("temperature", JsonValue.from(0.5))
                                .build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("temperature");
    }
}
