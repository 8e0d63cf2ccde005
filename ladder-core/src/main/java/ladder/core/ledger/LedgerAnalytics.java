package ladder.core.ledger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The aggregations reports and findings need, answered inside the database (a columnar store answers these over
 * ten million attempts in well under a second; streaming the rows into Java would not). Every method throws {@link
 * ladder.core.StoreException} when the store cannot be read. Implementations are thread-safe.
 */
public interface LedgerAnalytics {

    /** Minimum total input, in tokens, under which a {@code cache_control} prefix may be too short to cache. */
    long DEFAULT_MIN_CACHEABLE_TOKENS = 4_096;

    /**
     * The first and last attempt time within {@code window}, as {@code [first, last]} (the end is the last attempt's
     * time, included).
     *
     * @return empty when the window holds no attempt
     */
    Optional<TimeWindow> span(TimeWindow window);

    /**
     * Cost per task: overall, and per group of each of {@code dimensions} (each list ordered by descending total,
     * cut at {@code limit} groups).
     *
     * @throws IllegalArgumentException when {@code limit < 1} or {@code dimensions} contains {@link Dimension#ALL}
     */
    TaskCosts taskCosts(TimeWindow window, List<Dimension> dimensions, int limit);

    /** Token and cost sums per key (see {@link UsageQuery}), in no particular order. */
    List<UsageSums> usageSums(UsageQuery query);

    /**
     * Attempts that missed or wasted the prompt cache, by cause (see {@link CacheMissCause}). Only attempts with
     * prefix fingerprints (a {@code cache_control} breakpoint) are considered.
     *
     * @param minCacheableTokens total input under which a breakpoint that neither wrote nor read counts as {@link
     *     CacheMissCause#BELOW_MINIMUM}
     */
    List<CacheMisses> cacheMisses(TimeWindow window, long minCacheableTokens);

    /**
     * Tasks with client-side retries: first attempts with a non-zero body hash equal to an earlier first attempt of
     * the same key at most {@code within} before. Ordered by descending retry cost, at most {@code limit}.
     */
    List<HiddenRetries> hiddenRetries(TimeWindow window, Duration within, int limit);

    /** Models of attempts that have no recorded price, by descending calls. */
    List<ModelSeen> unpricedModels(TimeWindow window);

    /** Price versions recorded on priced attempts, by descending calls. */
    List<ModelSeen> priceVersions(TimeWindow window);
}
