package ladder.app.wiring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * Counters by name and tag values. {@code Counter.builder(...).register(...)} on every attempt allocated the tags
     * and looked the meter up in the registry each time; a lookup here is one hash probe on a small record key.
     */
    private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();

    /** A counter's name and tag values, in the order of its tag names. */
    private record MeterKey(String name, String a, String b, String c) {}

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
            counter("ladder_requests_total", record.team(), record.project(), "")
                    .increment();
        }
        counter("ladder_attempts_total", kind.name(), model, Integer.toString(record.httpStatus()))
                .increment();
        if (kind == AttemptKind.ESCALATION) {
            counter("ladder_escalations_total", record.attempt().reason(), "", "")
                    .increment();
        } else if (kind == AttemptKind.FALLBACK || kind == AttemptKind.RETRY) {
            counter("ladder_fallbacks_total", kind.name(), "", "").increment();
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
                counter("ladder_cost_nanodollars_total", record.team(), record.project(), model)
                        .increment((double) priced.amount().nanos());
            case CallCost.Unpriced unpriced ->
                counter("ladder_unpriced_calls_total", model, "", "").increment();
        }
    }

    private Counter counter(String name, String a, String b, String c) {
        MeterKey key = new MeterKey(name, a, b, c);
        Counter known = counters.get(key);
        return known != null ? known : counters.computeIfAbsent(key, this::register);
    }

    private Counter register(MeterKey key) {
        return switch (key.name()) {
            case "ladder_requests_total" ->
                Counter.builder(key.name())
                        .tag("team", key.a())
                        .tag("project", key.b())
                        .register(registry);
            case "ladder_attempts_total" ->
                Counter.builder(key.name())
                        .tag("kind", key.a().toLowerCase(Locale.ROOT))
                        .tag("model", key.b())
                        .tag("status", key.c())
                        .register(registry);
            case "ladder_escalations_total" ->
                Counter.builder(key.name()).tag("reason", key.a()).register(registry);
            case "ladder_fallbacks_total" ->
                Counter.builder(key.name())
                        .tag("kind", key.a().toLowerCase(Locale.ROOT))
                        .register(registry);
            case "ladder_tokens_total" ->
                Counter.builder(key.name())
                        .tag("class", key.a())
                        .tag("model", key.b())
                        .register(registry);
            case "ladder_cost_nanodollars_total" ->
                Counter.builder(key.name())
                        .description("priced cost of upstream attempts, in nano-dollars")
                        .tag("team", key.a())
                        .tag("project", key.b())
                        .tag("model", key.c())
                        .register(registry);
            case "ladder_unpriced_calls_total" ->
                Counter.builder(key.name())
                        .description("attempts on a model the catalog does not price")
                        .tag("model", key.a())
                        .register(registry);
            default -> throw new IllegalArgumentException("unknown counter " + key.name());
        };
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    private void tokens(String model, String kind, long count) {
        if (count > 0) {
            counter("ladder_tokens_total", kind, model, "").increment((double) count);
        }
    }

    private double cacheHitRatio() {
        long total = inputTokens.get();
        return total == 0 ? 0 : (double) cacheReadTokens.get() / total;
    }
}
