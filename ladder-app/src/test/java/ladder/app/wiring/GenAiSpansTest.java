package ladder.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.Usage;
import ladder.core.ledger.Attempt;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import org.junit.jupiter.api.Test;

class GenAiSpansTest {

    private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");

    @Test
    void attempt_emitsChatSpanWithGenAiAttributes_andItsTiming() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        List<SpanData> finished;
        // Read before close: shutting the provider down also resets the in-memory exporter.
        try (GenAiSpans spans = GenAiSpans.with(SimpleSpanProcessor.create(exporter), "ladder-test")) {
            spans.attempt(record(200, AttemptKind.FIRST));
            finished = exporter.getFinishedSpanItems();
        }
        assertThat(finished).hasSize(1);
        SpanData span = finished.get(0);
        assertThat(span.getName()).isEqualTo("chat claude-haiku-4-5");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
                .isEqualTo("chat");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
                .isEqualTo("ladder:classify");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model")))
                .isEqualTo("claude-haiku-4-5");
        assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
                .isEqualTo(1_000L + 200 + 3_000);
        assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
                .isEqualTo(50L);
        assertThat(span.getAttributes().get(AttributeKey.longKey("ladder.cost.nanos")))
                .isEqualTo(1_234L);
        assertThat(span.getStartEpochNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(AT.getEpochSecond()));
        assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).isEqualTo(250_000_000L);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void failedAttempt_marksSpanAsError_withTheStatus() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        SpanData span;
        try (GenAiSpans spans = GenAiSpans.with(SimpleSpanProcessor.create(exporter), "ladder-test")) {
            spans.attempt(record(529, AttemptKind.FIRST));
            span = exporter.getFinishedSpanItems().get(0);
        }
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo("529");
    }

    @Test
    void off_emitsNothing() {
        try (GenAiSpans spans = GenAiSpans.of(TelemetryConfig.off())) {
            spans.attempt(record(200, AttemptKind.FIRST));
        }
    }

    private static CallRecord record(int status, AttemptKind kind) {
        return CallRecord.builder()
                .time(AT)
                .requestId("req_1")
                .taskId(TaskId.of("task-1"))
                .step("classify")
                .team("search")
                .project("ranker")
                .keyId("key_1")
                .requestedModel("ladder:classify")
                .routedModel(ModelId.HAIKU_4_5)
                .tier(Tier.SMALL)
                .attempt(Attempt.of(0, kind, ""))
                .httpStatus(status)
                .usage(Usage.of(1_000, 50, 200, 3_000))
                .cost(CallCost.priced(Money.ofNanos(1_234), "anthropic/claude-haiku-4-5@2025-10-15"))
                .timeToFirstByteMicros(100_000)
                .latencyMicros(250_000)
                .stream(false)
                .batch(false)
                .prefixFingerprints(List.of())
                .inputBytes(4_000)
                .outputBytes(300)
                .build();
    }
}
