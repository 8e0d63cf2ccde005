package ladder.app.wiring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import ladder.core.Usage;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.WriterStats;

/**
 * Ladder's Prometheus metrics: requests, attempts by kind, tokens by class, cost by team/project/model, cache hit
 * ratio, escalations, fallbacks, unpriced calls, and the ledger writer's queue. Cost counters carry nano-dollars as
 * whole numbers; the ledger, not the metrics, is the record of money.
 */
final class LadderMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong cacheReadTokens = new AtomicLong();

    LadderMetrics(Supplier<WriterStats> writer, Supplier<Long> rejected) {
        Gauge.builder("ladder_cache_hit_ratio", this, LadderMetrics::cacheHitRatio)
                .description("cache-read input tokens / all input tokens since start")
                .register(registry);
        Gauge.builder("ladder_ledger_queue_depth", () -> writer.get().queueDepth())
                .description("call records waiting in memory for the ledger writer")
                .register(registry);
        Gauge.builder("ladder_ledger_unstored_records", () -> writer.get().unstoredRecords())
                .description("call records accepted but not yet stored")
                .register(registry);
        Gauge.builder("ladder_ledger_rejected_records", rejected::get)
                .description("call records the writer could not queue (each logged with its request id)")
                .register(registry);
    }

    /** Counts one upstream attempt. */
    void attempt(CallRecord record) {
        String model = record.routedModel().value();
        AttemptKind kind = record.attempt().kind();
        if (record.attempt().index() == 0) {
            Counter.builder("ladder_requests_total")
                    .tag("team", record.team())
                    .tag("project", record.project())
                    .register(registry)
                    .increment();
        }
        Counter.builder("ladder_attempts_total")
                .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                .tag("model", model)
                .tag("status", Integer.toString(record.httpStatus()))
                .register(registry)
                .increment();
        if (kind == AttemptKind.ESCALATION) {
            Counter.builder("ladder_escalations_total")
                    .tag("reason", record.attempt().reason())
                    .register(registry)
                    .increment();
        } else if (kind == AttemptKind.FALLBACK || kind == AttemptKind.RETRY) {
            Counter.builder("ladder_fallbacks_total")
                    .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry)
                    .increment();
        }
        Usage usage = record.usage();
        tokens(model, "input", usage.inputTokens());
        tokens(model, "output", usage.outputTokens());
        tokens(model, "cache_creation", usage.cacheCreationInputTokens());
        tokens(model, "cache_read", usage.cacheReadInputTokens());
        inputTokens.addAndGet(usage.totalInputTokens());
        cacheReadTokens.addAndGet(usage.cacheReadInputTokens());
        switch (record.cost()) {
            case CallCost.Priced priced ->
                Counter.builder("ladder_cost_nanodollars_total")
                        .description("priced cost of upstream attempts, in nano-dollars")
                        .tag("team", record.team())
                        .tag("project", record.project())
                        .tag("model", model)
                        .register(registry)
                        .increment(priced.amount().nanos());
            case CallCost.Unpriced unpriced ->
                Counter.builder("ladder_unpriced_calls_total")
                        .description("attempts on a model the catalog does not price")
                        .tag("model", model)
                        .register(registry)
                        .increment();
        }
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    private void tokens(String model, String kind, long count) {
        if (count > 0) {
            Counter.builder("ladder_tokens_total")
                    .tag("class", kind)
                    .tag("model", model)
                    .register(registry)
                    .increment(count);
        }
    }

    private double cacheHitRatio() {
        long total = inputTokens.get();
        return total == 0 ? 0 : (double) cacheReadTokens.get() / total;
    }
}
