package ladder.app.demo;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Usage;
import ladder.core.cost.CostCalculator;
import ladder.core.cost.CostResult;
import ladder.core.ledger.CallRecord;

/**
 * The demo's closing table, computed from the call ledger's records of the run: cost per task as routed, against
 * "Opus for everything" and "routed without caching", plus cache effectiveness and the retry/escalation overhead.
 *
 * <p>Counterfactuals reuse the recorded usage, defined as {@code ladder report} defines them, so the two agree:
 * "Opus for everything" prices every attempt at Claude Opus 4.8 except escalations (a call that starts at the top
 * has nothing to escalate to), with the same cache pattern; "without caching" prices every attempt as routed with
 * its cache writes and reads as plain input.
 */
final class DemoSummary {

    private final CostCalculator calculator;
    private final ModelId baseline;

    DemoSummary(CostCalculator calculator, ModelId baseline) {
        this.calculator = calculator;
        this.baseline = baseline;
    }

    /** The per-task totals and breakdowns of one run. */
    record Totals(
            int tasks,
            long calls,
            long attempts,
            Map<String, Long> attemptsByKind,
            Map<String, Long> callsByTier,
            List<Money> routedPerTask,
            List<Money> opusPerTask,
            List<Money> uncachedPerTask,
            Money overhead,
            long inputTokens,
            long cacheReadTokens,
            long cacheWriteTokens,
            long unpriced) {}

    Totals compute(List<CallRecord> records) {
        Map<String, List<CallRecord>> byTask = new TreeMap<>();
        for (CallRecord r : records) {
            byTask.computeIfAbsent(r.taskId().value(), t -> new ArrayList<>()).add(r);
        }
        Map<String, Long> byKind = new TreeMap<>();
        Map<String, Long> byTier = new TreeMap<>();
        List<Money> routed = new ArrayList<>();
        List<Money> opus = new ArrayList<>();
        List<Money> uncached = new ArrayList<>();
        Money overhead = Money.ZERO;
        long input = 0;
        long reads = 0;
        long writes = 0;
        long unpriced = 0;
        long calls = 0;
        for (List<CallRecord> task : byTask.values()) {
            Money taskRouted = Money.ZERO;
            Money taskOpus = Money.ZERO;
            Money taskUncached = Money.ZERO;
            Map<String, CallRecord> delivered = new HashMap<>();
            for (CallRecord r : task) {
                byKind.merge(r.attempt().kind().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                Money cost = r.cost().amountOrZero();
                if (r.cost() instanceof ladder.core.ledger.CallCost.Unpriced) {
                    unpriced++;
                }
                taskRouted = taskRouted.plus(cost);
                if (r.attempt().kind() != ladder.core.ledger.AttemptKind.ESCALATION) {
                    taskOpus = taskOpus.plus(price(baseline, r.usage(), r.time()));
                }
                taskUncached = taskUncached.plus(price(r.routedModel(), withoutCache(r.usage()), r.time()));
                input += r.usage().totalInputTokens();
                reads += r.usage().cacheReadInputTokens();
                writes += r.usage().cacheCreationInputTokens();
                delivered.merge(
                        r.requestId(),
                        r,
                        (a, b) -> a.attempt().index() >= b.attempt().index() ? a : b);
            }
            Money deliveredCost = Money.ZERO;
            for (CallRecord last : delivered.values()) {
                calls++;
                byTier.merge(last.tier().id(), 1L, Long::sum);
                deliveredCost = deliveredCost.plus(last.cost().amountOrZero());
            }
            overhead = overhead.plus(taskRouted.minus(deliveredCost));
            routed.add(taskRouted);
            opus.add(taskOpus);
            uncached.add(taskUncached);
        }
        return new Totals(
                byTask.size(),
                calls,
                records.size(),
                byKind,
                byTier,
                routed,
                opus,
                uncached,
                overhead,
                input,
                reads,
                writes,
                unpriced);
    }

    void print(Totals t, PrintStream out) {
        Money routed = sum(t.routedPerTask());
        Money opus = sum(t.opusPerTask());
        Money uncached = sum(t.uncachedPerTask());
        out.println();
        out.printf(
                "Ladder demo: %d tasks, %d client calls, %d upstream attempts%n", t.tasks(), t.calls(), t.attempts());
        out.printf("  attempts by kind: %s%n", t.attemptsByKind());
        out.printf("  delivered answers by tier: %s%n", t.callsByTier());
        out.println();
        out.println("Cost per task (USD)            mean        p50        p90        max        total");
        row(out, "routed by Ladder", t.routedPerTask());
        row(out, "Opus 4.8 for everything", t.opusPerTask());
        row(out, "routed, without caching", t.uncachedPerTask());
        out.println();
        out.printf(
                "  savings vs Opus for everything: %s (%s)%n", opus.minus(routed), percent(opus.minus(routed), opus));
        out.printf(
                "  cache: %s of input tokens read from cache (%,d of %,d; %,d written); caching saved %s (%s)%n",
                percent(t.cacheReadTokens(), t.inputTokens()),
                t.cacheReadTokens(),
                t.inputTokens(),
                t.cacheWriteTokens(),
                uncached.minus(routed),
                percent(uncached.minus(routed), uncached));
        out.printf(
                "  spent on attempts whose answer was not delivered (overloaded, retried, escalated away): %s (%s of"
                        + " routed spend)%n",
                t.overhead(), percent(t.overhead(), routed));
        if (t.unpriced() > 0) {
            out.printf("  WARNING: %d attempts were on unpriced models and count as $0 here%n", t.unpriced());
        }
    }

    private void row(PrintStream out, String label, List<Money> values) {
        List<Money> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        Money total = sum(sorted);
        Money mean = sorted.isEmpty() ? Money.ZERO : Money.ofNanos(total.nanos() / sorted.size());
        out.printf(
                "  %-28s %10s %10s %10s %10s %12s%n",
                label,
                usd(mean),
                usd(percentile(sorted, 50)),
                usd(percentile(sorted, 90)),
                usd(sorted.isEmpty() ? Money.ZERO : sorted.get(sorted.size() - 1)),
                usd(total));
    }

    private Money price(ModelId model, Usage usage, Instant at) {
        return switch (calculator.price(model, usage, false, at)) {
            case CostResult.Priced priced -> priced.cost().total();
            case CostResult.Unpriced unpriced -> Money.ZERO;
            case CostResult.InvalidUsage invalid -> Money.ZERO;
        };
    }

    private static Usage withoutCache(Usage usage) {
        return Usage.of(usage.totalInputTokens(), usage.outputTokens(), 0, 0);
    }

    private static Money percentile(List<Money> sorted, int p) {
        if (sorted.isEmpty()) {
            return Money.ZERO;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static Money sum(List<Money> values) {
        Money total = Money.ZERO;
        for (Money m : values) {
            total = total.plus(m);
        }
        return total;
    }

    private static String usd(Money m) {
        return "$" + m.toUsd().setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String percent(Money part, Money whole) {
        return whole.nanos() == 0 ? "n/a" : percent(part.nanos(), whole.nanos());
    }

    private static String percent(long part, long whole) {
        if (whole == 0) {
            return "n/a";
        }
        return java.math.BigDecimal.valueOf(part)
                        .multiply(java.math.BigDecimal.valueOf(100))
                        .divide(java.math.BigDecimal.valueOf(whole), 1, java.math.RoundingMode.HALF_EVEN)
                        .toPlainString()
                + "%";
    }
}
