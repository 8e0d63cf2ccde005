package ladder.app.wiring;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;

/**
 * One OpenTelemetry span per upstream attempt, following the GenAI semantic conventions ({@code chat <model>},
 * {@code gen_ai.*} attributes) plus Ladder's routing and cost attributes. Spans are built from the attempt's ledger
 * record after the fact (start and end from its time and latency), so the request path pays nothing when off.
 */
final class GenAiSpans implements AutoCloseable {

    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    private static final AttributeKey<Long> CACHE_READ = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    private static final AttributeKey<Long> CACHE_CREATION =
            AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private GenAiSpans(SdkTracerProvider provider) {
        this.provider = provider;
        this.tracer = provider == null ? null : provider.get("ladder");
    }

    /** Spans as configured: none, or OTLP over HTTP in batches. */
    static GenAiSpans of(TelemetryConfig config) {
        if (!config.isOn()) {
            return new GenAiSpans(null);
        }
        SpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(config.endpoint().resolve("/v1/traces").toString())
                .build();
        return with(BatchSpanProcessor.builder(exporter).build(), config.serviceName());
    }

    /** Spans through {@code processor} (tests pass an in-memory exporter). */
    static GenAiSpans with(SpanProcessor processor, String serviceName) {
        return new GenAiSpans(SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                .addSpanProcessor(processor)
                .build());
    }

    /** Emits the span of one attempt. */
    void attempt(CallRecord record) {
        if (tracer == null) {
            return;
        }
        AttributesBuilder attributes = Attributes.builder()
                .put(OPERATION, "chat")
                .put(PROVIDER, "anthropic")
                .put(SYSTEM, "anthropic")
                .put(REQUEST_MODEL, record.requestedModel())
                .put(RESPONSE_MODEL, record.routedModel().value())
                .put(INPUT_TOKENS, record.usage().totalInputTokens())
                .put(OUTPUT_TOKENS, record.usage().outputTokens())
                .put(CACHE_READ, record.usage().cacheReadInputTokens())
                .put(CACHE_CREATION, record.usage().cacheCreationInputTokens())
                .put(STATUS, (long) record.httpStatus())
                .put("ladder.task.id", record.taskId().value())
                .put("ladder.request.id", record.requestId())
                .put("ladder.step", record.step())
                .put("ladder.team", record.team())
                .put("ladder.project", record.project())
                .put("ladder.tier", record.tier().id())
                .put("ladder.attempt.index", (long) record.attempt().index())
                .put("ladder.attempt.kind", record.attempt().kind().name().toLowerCase(java.util.Locale.ROOT))
                .put("ladder.stream", record.stream());
        switch (record.cost()) {
            case CallCost.Priced priced ->
                attributes
                        .put("ladder.cost.nanos", priced.amount().nanos())
                        .put("ladder.price.version", priced.priceVersion());
            case CallCost.Unpriced unpriced -> attributes.put("ladder.cost.unpriced", true);
        }
        Instant start = record.time();
        Span span = tracer.spanBuilder("chat " + record.routedModel().value())
                .setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(start)
                .setAllAttributes(attributes.build())
                .startSpan();
        if (record.httpStatus() != 200) {
            span.setAttribute(ERROR_TYPE, Integer.toString(record.httpStatus()));
            span.setStatus(StatusCode.ERROR);
        }
        span.end(start.plusNanos(record.latencyMicros() * 1000));
    }

    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
