package ladder.core.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Tier;

/**
 * A {@link LedgerAnalytics} for one piece of work that reads several aggregations (e.g. the report and then its
 * findings): it remembers the usage sums it read, and answers a usage query whose keys start another remembered
 * query's keys (same window, period boundaries, thresholds and filter) by adding up those rows in Java instead of
 * scanning the ledger again. The rows it returns are exactly those the store would return (in another order): one
 * per distinct key prefix and pricing inputs, every count and sum added exactly. Everything else is passed through.
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
            if (refines(a.query(), query)) {
                return rollUp(a.rows(), query.keys().size());
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
     * Whether the rows of {@code finer} add up to those of {@code coarser}: same attempts and pricing inputs, and
     * {@code coarser}'s keys are the first keys of {@code finer}. Not with {@link UsageQuery.Filter
     * #MARK_ESCALATED_REQUESTS}, whose extra key follows the query's keys.
     */
    static boolean refines(UsageQuery finer, UsageQuery coarser) {
        return finer.filter() == coarser.filter()
                && finer.filter() != UsageQuery.Filter.MARK_ESCALATED_REQUESTS
                && finer.window().equals(coarser.window())
                && finer.periodBoundaries().equals(coarser.periodBoundaries())
                && finer.longContextThresholds().equals(coarser.longContextThresholds())
                && finer.keys().size() > coarser.keys().size()
                && finer.keys().subList(0, coarser.keys().size()).equals(coarser.keys());
    }

    /** {@code rows} added up per their first {@code keys} keys and pricing inputs. */
    static List<UsageSums> rollUp(List<UsageSums> rows, int keys) {
        Map<Group, long[]> sums = new LinkedHashMap<>();
        for (UsageSums s : rows) {
            Group g = new Group(
                    s.keys().subList(0, keys),
                    s.model(),
                    s.tier(),
                    s.batch(),
                    s.kind(),
                    s.period(),
                    s.longContextBucket());
            long[] acc = sums.computeIfAbsent(g, k -> new long[10]);
            long[] add = {
                s.calls(),
                s.unpricedCalls(),
                s.costNanos(),
                s.inputTokens(),
                s.outputTokens(),
                s.cacheWrite5mTokens(),
                s.cacheWrite1hTokens(),
                s.cacheReadTokens(),
                s.webSearchRequests(),
                s.webFetchRequests()
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

    private record Answered(UsageQuery query, List<UsageSums> rows) {}

    private record Group(
            List<String> keys, ModelId model, Tier tier, boolean batch, AttemptKind kind, int period, int bucket) {}
}
