package ladder.core.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LedgerAnalytics} for one piece of work that reads several aggregations (e.g. the report and then its
 * findings): it remembers the usage sums it read, and answers a usage query whose keys are among another remembered
 * query's keys (same window, period boundaries, thresholds and attempts) by adding up those rows in Java ({@link
 * UsageSums#rollUp}) instead of scanning the ledger again. The rows it returns are exactly those the store would
 * return (in another order). Everything else is passed through.
 *
 * <p>Not for long-lived use: it never forgets, so it sees no attempt appended after a query was answered.
 */
public final class RollUpLedgerAnalytics implements LedgerAnalytics {

    private final LedgerAnalytics delegate;
    private final List<Answered> answered = new ArrayList<>();

    /** Remembers what {@code delegate} answers. */
    public RollUpLedgerAnalytics(LedgerAnalytics delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Optional<TimeWindow> span(TimeWindow window) {
        return delegate.span(window);
    }

    @Override
    public TaskCosts taskCosts(TimeWindow window, List<Dimension> dimensions, int limit) {
        return delegate.taskCosts(window, dimensions, limit);
    }

    @Override
    public synchronized List<UsageSums> usageSums(UsageQuery query) {
        Objects.requireNonNull(query, "query");
        for (Answered a : answered) {
            if (a.query().equals(query)) {
                return a.rows();
            }
        }
        for (Answered a : answered) {
            Optional<List<Integer>> keys = projection(a.query(), query);
            if (keys.isPresent()) {
                return UsageSums.rollUp(a.rows(), keys.get());
            }
        }
        List<UsageSums> rows = delegate.usageSums(query);
        answered.add(new Answered(query, rows));
        return rows;
    }

    @Override
    public List<CacheMisses> cacheMisses(TimeWindow window, long minCacheableTokens) {
        return delegate.cacheMisses(window, minCacheableTokens);
    }

    @Override
    public List<HiddenRetries> hiddenRetries(TimeWindow window, Duration within, int limit) {
        return delegate.hiddenRetries(window, within, limit);
    }

    @Override
    public List<ModelSeen> unpricedModels(TimeWindow window) {
        return delegate.unpricedModels(window);
    }

    @Override
    public List<ModelSeen> priceVersions(TimeWindow window) {
        return delegate.priceVersions(window);
    }

    /**
     * Which of {@code finer}'s row keys, in order, give the keys of {@code coarser}'s rows, when {@code finer}'s rows
     * add up to {@code coarser}'s: same window, period boundaries and thresholds, the same attempts (the same filter,
     * or {@code coarser} counts every attempt and {@code finer} marks escalated requests, which counts every attempt
     * too), and every key of {@code coarser} among {@code finer}'s. The escalation mark is the key after the query's
     * keys.
     */
    static Optional<List<Integer>> projection(UsageQuery finer, UsageQuery coarser) {
        boolean sameAttempts = finer.filter() == coarser.filter()
                || (finer.filter() == UsageQuery.Filter.MARK_ESCALATED_REQUESTS
                        && coarser.filter() == UsageQuery.Filter.ALL);
        if (!sameAttempts
                || !finer.window().equals(coarser.window())
                || !finer.periodBoundaries().equals(coarser.periodBoundaries())
                || !finer.longContextThresholds().equals(coarser.longContextThresholds())) {
            return Optional.empty();
        }
        List<Integer> keys = new ArrayList<>();
        for (Dimension d : coarser.keys()) {
            int i = finer.keys().indexOf(d);
            if (i < 0) {
                return Optional.empty();
            }
            keys.add(i);
        }
        if (coarser.filter() == UsageQuery.Filter.MARK_ESCALATED_REQUESTS) {
            keys.add(finer.keys().size());
        }
        return Optional.of(keys);
    }

    private record Answered(UsageQuery query, List<UsageSums> rows) {}
}
