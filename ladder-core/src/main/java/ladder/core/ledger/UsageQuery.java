package ladder.core.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link LedgerAnalytics#usageSums} aggregates.
 *
 * @param window the half-open time range
 * @param keys the grouping dimensions (besides model, tier, batch, kind, period and bucket), in order; copied
 * @param periodBoundaries instants where some price changes, ascending; an attempt at {@code t} is in period {@code
 *     i} = the number of boundaries {@code <= t}
 * @param longContextThresholds total-input thresholds, ascending; an attempt's bucket is the number of thresholds
 *     its total input exceeds
 * @param filter which attempts count
 */
public record UsageQuery(
        TimeWindow window,
        List<Dimension> keys,
        List<Instant> periodBoundaries,
        List<Long> longContextThresholds,
        Filter filter) {

    public UsageQuery {
        Objects.requireNonNull(window, "window");
        keys = List.copyOf(keys);
        periodBoundaries = List.copyOf(periodBoundaries);
        longContextThresholds = List.copyOf(longContextThresholds);
        Objects.requireNonNull(filter, "filter");
        for (int i = 1; i < periodBoundaries.size(); i++) {
            if (!periodBoundaries.get(i - 1).isBefore(periodBoundaries.get(i))) {
                throw new IllegalArgumentException("period boundaries must ascend strictly: " + periodBoundaries);
            }
        }
        for (int i = 1; i < longContextThresholds.size(); i++) {
            if (longContextThresholds.get(i - 1) >= longContextThresholds.get(i)) {
                throw new IllegalArgumentException(
                        "long-context thresholds must ascend strictly: " + longContextThresholds);
            }
        }
        if (keys.contains(Dimension.ALL)) {
            throw new IllegalArgumentException("ALL is not a grouping key; leave keys empty instead");
        }
    }

    /** Which attempts a usage query counts. */
    public enum Filter {
        /** Every attempt. */
        ALL,
        /** Attempts marked latency-tolerant that ran in real time (not through the batch API). */
        TOLERANT_REALTIME,
        /**
         * Every attempt, with one more key after {@code keys}: {@code "escalated"} when the attempt's request had an
         * escalation, else {@code ""}.
         */
        MARK_ESCALATED_REQUESTS
    }
}
