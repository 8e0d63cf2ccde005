package ladder.core.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.cost.SumPricer;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.LedgerAnalytics;
import ladder.core.ledger.TaskCostStats;
import ladder.core.ledger.TaskCosts;
import ladder.core.ledger.TimeWindow;
import ladder.core.ledger.UsageQuery;
import ladder.core.ledger.UsageSums;
import ladder.core.price.PriceCatalog;

/**
 * Builds a {@link Report} from two aggregations the store runs ({@link LedgerAnalytics#taskCosts} and {@link
 * LedgerAnalytics#usageSums}), pricing counterfactuals and cache effects in Java with {@link SumPricer}.
 *
 * <p>Counterfactuals cover the attempts whose recorded cost is known (attempts of unpriced models are counted in
 * {@code unrepricedCalls}), and compare with their recorded cost:
 *
 * <ul>
 *   <li>{@code opus-for-everything}: every attempt's recorded usage priced at {@link ModelId#OPUS_4_8} rates (batch
 *       and cache use as recorded), except escalation attempts, which are dropped: a request that starts at the top
 *       has nothing to escalate to, and the attempt below it already carries the request's usage. Retries and
 *       fallbacks stay, since upstream failures hit Opus too.
 *   <li>{@code no-caching}: cache writes and reads priced as uncached input at each attempt's own model.
 *   <li>{@code no-batch}: batch attempts priced at the full rate.
 * </ul>
 */
public final class ReportService {

    /** Groups listed per dimension unless configured otherwise. */
    public static final int DEFAULT_GROUP_LIMIT = 50;

    /** The model of the "everything on the large tier" counterfactual. */
    public static final ModelId COUNTERFACTUAL_MODEL = ModelId.OPUS_4_8;

    private final LedgerAnalytics analytics;
    private final PriceCatalog catalog;

    /** A service reading {@code analytics} and pricing with {@code catalog}. */
    public ReportService(LedgerAnalytics analytics, PriceCatalog catalog) {
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * The report over {@code window}, grouped by {@code by}, at most {@code limit} groups per dimension; without
     * findings (see {@link Report#withFindings}).
     *
     * @throws IllegalArgumentException when {@code limit < 1}
     * @throws ladder.core.StoreException when the store cannot be read
     */
    public Report report(TimeWindow window, Dimension by, int limit) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(by, "by");
        List<Dimension> dimensions = new ArrayList<>(List.of(Dimension.STEP, Dimension.ROUTE));
        if (by != Dimension.ALL && !dimensions.contains(by)) {
            dimensions.add(by);
        }
        TaskCosts taskCosts = analytics.taskCosts(window, dimensions, limit);
        // Price periods only need to split the traffic actually there: fewer boundaries, a cheaper query.
        TimeWindow traffic = analytics.span(window).map(TimeWindow::ofSpan).orElse(window);
        SumPricer pricer = new SumPricer(catalog, traffic);
        List<UsageSums> sums =
                analytics.usageSums(pricer.query(List.of(Dimension.TEAM, Dimension.PROJECT), UsageQuery.Filter.ALL));

        long calls = 0;
        long unpriced = 0;
        long total = 0;
        for (UsageSums s : sums) {
            calls += s.calls();
            unpriced += s.unpricedCalls();
            total = Math.addExact(total, s.costNanos());
        }
        return new Report(
                window.from().toString(),
                window.to().toString(),
                by.id(),
                catalog.versionAt(window.to()),
                calls,
                unpriced,
                Money.ofNanos(total),
                line(taskCosts.overall()),
                by == Dimension.ALL ? List.of() : lines(taskCosts.groups(by)),
                lines(taskCosts.groups(Dimension.STEP)),
                lines(taskCosts.groups(Dimension.ROUTE)),
                attempts(sums, total),
                cache(sums, pricer),
                attribution(sums, total),
                counterfactuals(sums, pricer),
                List.of());
    }

    private static List<Report.TaskCostLine> lines(List<TaskCostStats> stats) {
        return stats.stream().map(ReportService::line).toList();
    }

    private static Report.TaskCostLine line(TaskCostStats s) {
        return new Report.TaskCostLine(
                s.group(), s.tasks(), s.calls(), s.unpricedCalls(), s.total(), s.mean(), s.p50(), s.p90(), s.max());
    }

    private static Report.Attempts attempts(List<UsageSums> sums, long total) {
        Map<AttemptKind, long[]> byKind = new EnumMap<>(AttemptKind.class);
        for (UsageSums s : sums) {
            long[] acc = byKind.computeIfAbsent(s.kind(), k -> new long[2]);
            acc[0] += s.calls();
            acc[1] = Math.addExact(acc[1], s.costNanos());
        }
        List<Report.KindLine> lines = new ArrayList<>();
        long overhead = 0;
        for (Map.Entry<AttemptKind, long[]> e : byKind.entrySet()) {
            lines.add(new Report.KindLine(
                    e.getKey().name().toLowerCase(java.util.Locale.ROOT),
                    e.getValue()[0],
                    Money.ofNanos(e.getValue()[1]),
                    share(e.getValue()[1], total)));
            if (e.getKey() != AttemptKind.FIRST) {
                overhead = Math.addExact(overhead, e.getValue()[1]);
            }
        }
        return new Report.Attempts(lines, Money.ofNanos(overhead), share(overhead, total));
    }

    private static Report.CacheEffect cache(List<UsageSums> sums, SumPricer pricer) {
        long input = 0;
        long writes = 0;
        long reads = 0;
        Money premium = Money.ZERO;
        Money savings = Money.ZERO;
        for (UsageSums s : sums) {
            Optional<Money> p = pricer.writePremium(s);
            Optional<Money> r = pricer.readSavings(s);
            if (p.isEmpty() || r.isEmpty()) {
                continue; // unpriced model: no rates to compare with
            }
            input += s.totalInputTokens();
            writes += s.cacheWrite5mTokens() + s.cacheWrite1hTokens();
            reads += s.cacheReadTokens();
            premium = premium.plus(p.get());
            savings = savings.plus(r.get());
        }
        return new Report.CacheEffect(
                input,
                writes,
                reads,
                input == 0 ? 0 : (double) reads / input,
                premium,
                savings,
                savings.minus(premium));
    }

    private static List<Report.Spend> attribution(List<UsageSums> sums, long total) {
        Map<List<String>, long[]> byTeam = new LinkedHashMap<>();
        for (UsageSums s : sums) {
            long[] acc = byTeam.computeIfAbsent(s.keys(), k -> new long[3]);
            acc[0] += s.calls();
            acc[1] += s.unpricedCalls();
            acc[2] = Math.addExact(acc[2], s.costNanos());
        }
        return byTeam.entrySet().stream()
                .map(e -> new Report.Spend(
                        e.getKey().get(0),
                        e.getKey().get(1),
                        e.getValue()[0],
                        e.getValue()[1],
                        Money.ofNanos(e.getValue()[2]),
                        share(e.getValue()[2], total)))
                .sorted(Comparator.comparing(Report.Spend::total)
                        .reversed()
                        .thenComparing(Report.Spend::team)
                        .thenComparing(Report.Spend::project))
                .toList();
    }

    private static List<Report.Counterfactual> counterfactuals(List<UsageSums> sums, SumPricer pricer) {
        long actual = 0;
        long uncovered = 0;
        long opus = 0;
        long opusMissing = 0;
        long noCacheDelta = 0;
        long noBatchDelta = 0;
        for (UsageSums s : sums) {
            Optional<Money> asRecorded = pricer.price(s, s.model(), s.batch(), false);
            if (s.unpricedCalls() > 0 || asRecorded.isEmpty()) {
                uncovered += s.calls();
                continue;
            }
            actual = Math.addExact(actual, s.costNanos());
            if (s.kind() != AttemptKind.ESCALATION) {
                Optional<Money> atOpus = pricer.price(s, COUNTERFACTUAL_MODEL, s.batch(), false);
                if (atOpus.isPresent()) {
                    opus = Math.addExact(opus, atOpus.get().nanos());
                } else {
                    opusMissing += s.calls();
                }
            }
            long recorded = asRecorded.get().nanos();
            noCacheDelta +=
                    pricer.price(s, s.model(), s.batch(), true).orElseThrow().nanos() - recorded;
            if (s.batch()) {
                noBatchDelta +=
                        pricer.price(s, s.model(), false, false).orElseThrow().nanos() - recorded;
            }
        }
        Money actualMoney = Money.ofNanos(actual);
        return List.of(
                counterfactual(
                        "opus-for-everything",
                        "every attempt's usage at " + COUNTERFACTUAL_MODEL
                                + " rates; escalation attempts dropped, retries and fallbacks kept",
                        actualMoney,
                        Money.ofNanos(opus),
                        uncovered + opusMissing),
                counterfactual(
                        "no-caching",
                        "cache writes and reads priced as uncached input",
                        actualMoney,
                        actualMoney.plus(Money.ofNanos(noCacheDelta)),
                        uncovered),
                counterfactual(
                        "no-batch",
                        "batch attempts priced at the full rate",
                        actualMoney,
                        actualMoney.plus(Money.ofNanos(noBatchDelta)),
                        uncovered));
    }

    private static Report.Counterfactual counterfactual(
            String name, String description, Money actual, Money cost, long unrepriced) {
        return new Report.Counterfactual(name, description, actual, cost, cost.minus(actual), unrepriced);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
