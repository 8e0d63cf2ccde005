package ladder.core.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.Tier;

/**
 * Token and cost sums of the attempts that share one key: the unit the database aggregates to, so counterfactual
 * prices can be computed in Java from a few thousand rows instead of millions. Within one key every attempt has the
 * same model, batch flag, price period and long-context bucket, so the catalog prices the sum exactly as it prices
 * each attempt (up to the per-attempt rounding to a nano-dollar; see {@link ladder.core.report.ReportService}).
 *
 * @param keys the values of the query's grouping dimensions, in the query's order (copied)
 * @param model the routed model as recorded
 * @param tier the recorded tier of that model
 * @param batch whether the attempts went through the batch API
 * @param kind why the attempts were made
 * @param period index into the price periods the query was given (0 = before the first boundary)
 * @param longContextBucket how many of the query's long-context thresholds the attempts' total input exceeds
 * @param calls attempts, {@code >= 1}
 * @param unpricedCalls attempts without a recorded price, {@code 0..calls}
 * @param costNanos the recorded cost of the priced attempts
 * @param inputTokens uncached input tokens
 * @param outputTokens output tokens
 * @param cacheWrite5mTokens 5-minute cache writes (writes without a TTL split count here)
 * @param cacheWrite1hTokens 1-hour cache writes
 * @param cacheReadTokens cache reads
 * @param webSearchRequests web search requests
 * @param webFetchRequests web fetch requests
 */
public record UsageSums(
        List<String> keys,
        ModelId model,
        Tier tier,
        boolean batch,
        AttemptKind kind,
        int period,
        int longContextBucket,
        long calls,
        long unpricedCalls,
        long costNanos,
        long inputTokens,
        long outputTokens,
        long cacheWrite5mTokens,
        long cacheWrite1hTokens,
        long cacheReadTokens,
        long webSearchRequests,
        long webFetchRequests) {

    public UsageSums {
        keys = List.copyOf(keys);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(kind, "kind");
        if (period < 0 || longContextBucket < 0) {
            throw new IllegalArgumentException("period and long-context bucket must be >= 0");
        }
        if (calls < 1 || unpricedCalls < 0 || unpricedCalls > calls) {
            throw new IllegalArgumentException(
                    "need calls >= 1 and 0 <= unpriced <= calls, were " + calls + " and " + unpricedCalls);
        }
    }

    /** The key value at {@code index}. */
    public String key(int index) {
        return keys.get(index);
    }

    /** All input tokens: uncached, written and read. */
    public long totalInputTokens() {
        return inputTokens + cacheWrite5mTokens + cacheWrite1hTokens + cacheReadTokens;
    }

    /**
     * {@code rows} added up per the keys at {@code keys} (indexes into each row's keys, in the order wanted) and the
     * pricing inputs: the rows a usage query grouped by just those keys returns, since every count and sum adds up
     * exactly (pricing the sums is then the same as the store's rows would give).
     *
     * @throws ArithmeticException when a sum overflows a {@code long}
     */
    public static List<UsageSums> rollUp(List<UsageSums> rows, List<Integer> keys) {
        Map<Group, long[]> sums = new LinkedHashMap<>();
        for (UsageSums s : rows) {
            List<String> values = new ArrayList<>(keys.size());
            for (int k : keys) {
                values.add(s.key(k));
            }
            Group group =
                    new Group(values, s.model(), s.tier(), s.batch(), s.kind(), s.period(), s.longContextBucket());
            long[] acc = sums.computeIfAbsent(group, g -> new long[10]);
            long[] add = {
                s.calls,
                s.unpricedCalls,
                s.costNanos,
                s.inputTokens,
                s.outputTokens,
                s.cacheWrite5mTokens,
                s.cacheWrite1hTokens,
                s.cacheReadTokens,
                s.webSearchRequests,
                s.webFetchRequests
            };
            for (int i = 0; i < acc.length; i++) {
                acc[i] = Math.addExact(acc[i], add[i]);
            }
        }
        List<UsageSums> out = new ArrayList<>(sums.size());
        sums.forEach((g, a) -> out.add(new UsageSums(
                g.keys(),
                g.model(),
                g.tier(),
                g.batch(),
                g.kind(),
                g.period(),
                g.bucket(),
                a[0],
                a[1],
                a[2],
                a[3],
                a[4],
                a[5],
                a[6],
                a[7],
                a[8],
                a[9])));
        return List.copyOf(out);
    }

    /** What the rows of a roll-up are grouped by. */
    private record Group(
            List<String> keys, ModelId model, Tier tier, boolean batch, AttemptKind kind, int period, int bucket) {}
}
