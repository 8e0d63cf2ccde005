package ladder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.Usage;
import ladder.core.cost.SumPricer;
import ladder.core.finding.Finding;
import ladder.core.finding.FindingService;
import ladder.core.finding.FindingsConfig;
import ladder.core.ledger.Attempt;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.LedgerAnalytics;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.PrecedentTracker;
import ladder.core.ledger.PrefixBreak;
import ladder.core.ledger.RollUpLedgerAnalytics;
import ladder.core.ledger.TimeWindow;
import ladder.core.ledger.UsageQuery;
import ladder.core.ledger.UsageSums;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.report.Report;
import ladder.core.report.ReportService;
import ladder.core.route.PolicyConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LedgerAnalytics} must have, checked through {@link ReportService} and {@link
 * FindingService} on small crafted ledgers whose numbers are worked out by hand in the comments. A store's test
 * extends this class and returns a fresh, empty store that implements both ports.
 */
public abstract class LedgerAnalyticsContract {

    private static final Instant T0 = CallRecords.EPOCH;
    private static final TimeWindow ALL = TimeWindow.of(T0.minusSeconds(86_400), T0.plusSeconds(86_400 * 2));
    /** Within 90 days of the newest built-in price, so the catalog itself is not stale. */
    private static final Instant FRESH = Instant.parse("2026-07-01T00:00:00Z");

    private static final FindingsConfig CONFIG = FindingsConfig.defaults().withMinCalls(1);

    /** The store under test. */
    protected LedgerStore store;

    /** Returns a new, empty store implementing {@link LedgerAnalytics}; closed after each test. */
    protected abstract LedgerStore createStore();

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /**
     * Appends {@code records} with the precedents a gateway would have written for them in this order, so the
     * findings see what they see in production.
     */
    private void append(List<CallRecord> records) {
        store.append(records.stream().map(precedents::annotate).toList());
    }

    private final PrecedentTracker precedents = new PrecedentTracker();

    private LedgerAnalytics analytics() {
        return (LedgerAnalytics) store;
    }

    private static int seq;

    private static CallRecord.Builder call(String task, String request, ModelId model, Tier tier, int second) {
        return CallRecord.builder()
                .time(T0.plusSeconds(second))
                .requestId(request)
                .taskId(TaskId.of(task))
                .step("plan")
                .team("payments")
                .project("checkout-agent")
                .keyId("key-1")
                .routedModel(model)
                .tier(tier)
                .inputBytes(seq++);
    }

    private static CallCost priced(long nanos) {
        return CallCost.priced(Money.ofNanos(nanos), "anthropic@test");
    }

    /** The report ledger; every cost is worked out from the built-in prices. */
    private void appendReportLedger() {
        append(List.of(
                // Task A, classify on Haiku ($1/$5): 1000 in, 200 out = 1,000,000 + 1,000,000 nanos
                call("A", "r1", ModelId.HAIKU_4_5, Tier.SMALL, 0)
                        .step("classify")
                        .usage(Usage.of(1_000, 200, 0, 0))
                        .cost(priced(2_000_000))
                        .build(),
                // ... escalated to Sonnet ($3/$15): 3,000,000 + 3,000,000
                call("A", "r1", ModelId.SONNET_4_6, Tier.MEDIUM, 1)
                        .step("classify")
                        .attempt(Attempt.of(1, AttemptKind.ESCALATION, "low-confidence"))
                        .usage(Usage.of(1_000, 200, 0, 0))
                        .cost(priced(6_000_000))
                        .build(),
                // Task B, plan on Sonnet: 100 in 300,000 + 10,000 written x 3.75 = 37,500,000 + 500 out 7,500,000
                call("B", "r2", ModelId.SONNET_4_6, Tier.MEDIUM, 10)
                        .usage(Usage.of(100, 500, 10_000, 0))
                        .cost(priced(45_300_000))
                        .build(),
                // 100 in 300,000 + 10,000 read x 0.30 = 3,000,000 + 500 out 7,500,000
                call("B", "r3", ModelId.SONNET_4_6, Tier.MEDIUM, 20)
                        .usage(Usage.of(100, 500, 0, 10_000))
                        .cost(priced(10_800_000))
                        .build(),
                call("B", "r3", ModelId.SONNET_4_6, Tier.MEDIUM, 21)
                        .attempt(Attempt.of(1, AttemptKind.RETRY, "overloaded"))
                        .usage(Usage.of(100, 500, 0, 10_000))
                        .cost(priced(10_800_000))
                        .build(),
                // Task C, another team, batch: (2000 x 3 + 1000 x 15) / 2 = 10,500,000
                call("C", "r4", ModelId.SONNET_4_6, Tier.MEDIUM, 30)
                        .team("research")
                        .project("")
                        .batch(true)
                        .usage(Usage.of(2_000, 1_000, 0, 0))
                        .cost(priced(10_500_000))
                        .build()));
    }

    @Test
    void report_smallLedger_matchesHandWorkedNumbers() {
        appendReportLedger();

        Report r = new ReportService(analytics(), DefaultPriceCatalog.get()).report(ALL, Dimension.TEAM, 10);

        assertThat(r.calls()).isEqualTo(6);
        assertThat(r.unpricedCalls()).isZero();
        assertThat(r.total()).isEqualTo(Money.ofNanos(85_400_000));
        // tasks cost A 8.0M, C 10.5M, B 66.9M
        assertThat(r.overall())
                .isEqualTo(new Report.TaskCostLine(
                        "",
                        3,
                        6,
                        0,
                        Money.ofNanos(85_400_000),
                        Money.ofNanos(28_466_667),
                        Money.ofNanos(10_500_000),
                        Money.ofNanos(66_900_000),
                        Money.ofNanos(66_900_000)));
        assertThat(r.steps())
                .extracting(Report.TaskCostLine::group, Report.TaskCostLine::tasks, Report.TaskCostLine::total)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("plan", 2L, Money.ofNanos(77_400_000)),
                        org.assertj.core.groups.Tuple.tuple("classify", 1L, Money.ofNanos(8_000_000)));
        assertThat(r.routes())
                .extracting(Report.TaskCostLine::group)
                .containsExactly("plan@medium", "classify@medium", "classify@small");
        assertThat(r.groups())
                .extracting(Report.TaskCostLine::group, Report.TaskCostLine::total)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("payments", Money.ofNanos(74_900_000)),
                        org.assertj.core.groups.Tuple.tuple("research", Money.ofNanos(10_500_000)));

        assertThat(r.attempts().overhead()).isEqualTo(Money.ofNanos(16_800_000));
        assertThat(r.attempts().overheadShare()).isCloseTo(16.8 / 85.4, within(1e-12));
        assertThat(r.attempts().lines())
                .extracting(Report.KindLine::kind, Report.KindLine::calls, Report.KindLine::cost)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("first", 4L, Money.ofNanos(68_600_000)),
                        org.assertj.core.groups.Tuple.tuple("retry", 1L, Money.ofNanos(10_800_000)),
                        org.assertj.core.groups.Tuple.tuple("escalation", 1L, Money.ofNanos(6_000_000)));

        // writes 10,000 x (3.75 - 3); reads 20,000 x (3 - 0.30)
        assertThat(r.cache())
                .isEqualTo(new Report.CacheEffect(
                        34_300,
                        10_000,
                        20_000,
                        20_000.0 / 34_300,
                        Money.ofNanos(7_500_000),
                        Money.ofNanos(54_000_000),
                        Money.ofNanos(46_500_000)));

        assertThat(r.attribution())
                .containsExactly(
                        new Report.Spend("payments", "checkout-agent", 5, 0, Money.ofNanos(74_900_000), 74.9 / 85.4),
                        new Report.Spend("research", "", 1, 0, Money.ofNanos(10_500_000), 10.5 / 85.4));

        // Opus ($5/$25, write 6.25, read 0.50), escalation dropped: 10.0M + 75.5M + 18.0M + 18.0M + 17.5M
        // No caching: r2 -7.5M, r3 and its retry +27.0M each. No batch: task C +10.5M.
        assertThat(r.counterfactuals())
                .extracting(Report.Counterfactual::name, Report.Counterfactual::cost, Report.Counterfactual::difference)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "opus-for-everything", Money.ofNanos(139_000_000), Money.ofNanos(53_600_000)),
                        org.assertj.core.groups.Tuple.tuple(
                                "no-caching", Money.ofNanos(131_900_000), Money.ofNanos(46_500_000)),
                        org.assertj.core.groups.Tuple.tuple(
                                "no-batch", Money.ofNanos(95_900_000), Money.ofNanos(10_500_000)));
    }

    @Test
    void report_emptyWindow_isAllZero() {
        appendReportLedger();

        Report r = new ReportService(analytics(), DefaultPriceCatalog.get())
                .report(TimeWindow.of(T0.minusSeconds(100), T0.minusSeconds(10)), Dimension.ALL, 10);

        assertThat(r.calls()).isZero();
        assertThat(r.total()).isEqualTo(Money.ZERO);
        assertThat(r.overall().tasks()).isZero();
        assertThat(r.cache().hitRatio()).isZero();
    }

    @Test
    void taskCosts_taskDimension_listsTopTasksByCost() {
        appendReportLedger();

        var costs = analytics().taskCosts(ALL, List.of(Dimension.TASK), 2);

        assertThat(costs.groups(Dimension.TASK))
                .extracting(s -> s.group(), s -> s.total())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("B", Money.ofNanos(66_900_000)),
                        org.assertj.core.groups.Tuple.tuple("C", Money.ofNanos(10_500_000)));
    }

    // --- findings ---------------------------------------------------------------------------------------------

    private List<Finding> findings() {
        return new FindingService(analytics(), DefaultPriceCatalog.get(), CONFIG).findings(ALL, FRESH);
    }

    private List<Finding> findings(Finding.Kind kind) {
        return findings().stream().filter(f -> f.kind() == kind).toList();
    }

    private static CallRecord.Builder cached(String task, String request, int second, List<Long> fingerprints) {
        return call(task, request, ModelId.SONNET_4_6, Tier.MEDIUM, second)
                .prefixFingerprints(fingerprints)
                .cost(priced(1_000_000));
    }

    @Test
    void findings_prefixChanged_namesBlockOffsetAndContext() {
        append(List.of(
                cached("P", "p1", 0, List.of(1L, 2L))
                        .usage(Usage.of(10, 10, 20_000, 0))
                        .build(),
                cached("P", "p2", 30, List.of(1L, 3L))
                        .usage(Usage.of(10, 10, 20_000, 0))
                        .prefixBreaks(List.of(new PrefixBreak("system", 1_408, "\"aaa\": \"9999-99-99a99:99\"")))
                        .build(),
                cached("P", "p3", 60, List.of(1L, 3L))
                        .usage(Usage.of(10, 10, 0, 20_000))
                        .build()));

        List<Finding> found = findings(Finding.Kind.CACHE_BREAKAGE);

        assertThat(found).anySatisfy(f -> {
            assertThat(f.title()).contains("'system'", "1408", "9999-99-99a99:99");
            assertThat(f.evidence().requestIds()).containsExactly("p2");
            // 20,000 tokens written at 3.75 instead of read at 0.30
            assertThat(f.windowImpact()).isEqualTo(Money.ofNanos(69_000_000));
        });
    }

    @Test
    void findings_prefixGrowsAndHits_noCacheBreakage() {
        append(List.of(
                cached("Q", "q1", 0, List.of(1L, 2L))
                        .usage(Usage.of(10, 10, 20_000, 0))
                        .build(),
                cached("Q", "q2", 30, List.of(1L, 2L, 5L))
                        .usage(Usage.of(10, 10, 500, 20_000))
                        .build()));

        assertThat(findings(Finding.Kind.CACHE_BREAKAGE)).isEmpty();
    }

    @Test
    void findings_samePrefixAfterTenMinutes_ttlExpired() {
        append(List.of(
                cached("T", "t1", 0, List.of(1L))
                        .usage(Usage.of(10, 10, 20_000, 0))
                        .build(),
                cached("T", "t2", 600, List.of(1L))
                        .usage(Usage.of(10, 10, 20_000, 0))
                        .build(),
                cached("T", "t3", 630, List.of(1L))
                        .usage(Usage.of(10, 10, 0, 20_000))
                        .build()));

        assertThat(findings(Finding.Kind.CACHE_BREAKAGE)).singleElement().satisfies(f -> {
            assertThat(f.title()).contains("expired");
            assertThat(f.evidence().requestIds()).containsExactly("t2");
        });
    }

    @Test
    void findings_taskSwitchesModel_modelSwitched() {
        append(List.of(
                cached("M", "m1", 0, List.of(1L))
                        .usage(Usage.of(10, 10, 20_000, 0))
                        .build(),
                cached("M", "m2", 10, List.of(1L))
                        .routedModel(ModelId.OPUS_4_8)
                        .tier(Tier.LARGE)
                        .usage(Usage.of(10, 10, 20_000, 0))
                        .build(),
                cached("M", "m3", 20, List.of(1L))
                        .routedModel(ModelId.OPUS_4_8)
                        .tier(Tier.LARGE)
                        .usage(Usage.of(10, 10, 0, 20_000))
                        .build()));

        assertThat(findings(Finding.Kind.CACHE_BREAKAGE))
                .singleElement()
                .satisfies(f -> assertThat(f.title()).contains("switched model"));
    }

    @Test
    void findings_breakpointOnTinyPrompt_belowMinimumAsInfo() {
        append(List.of(
                cached("S", "s1", 0, List.of(1L)).usage(Usage.of(300, 10, 0, 0)).build()));

        assertThat(findings(Finding.Kind.CACHE_BREAKAGE)).singleElement().satisfies(f -> {
            assertThat(f.title()).contains("minimum");
            assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
        });
    }

    @Test
    void findings_writeNeverRead_writtenNeverRead() {
        append(List.of(cached("W", "w1", 0, List.of(1L))
                .usage(Usage.of(10, 10, 20_000, 0))
                .build()));

        assertThat(findings(Finding.Kind.CACHE_BREAKAGE)).singleElement().satisfies(f -> {
            assertThat(f.title()).contains("never read");
            // premium: 20,000 x (3.75 - 3)
            assertThat(f.windowImpact()).isEqualTo(Money.ofNanos(15_000_000));
        });
    }

    private void appendEscalations(String step, int requests, int escalated) {
        List<CallRecord> records = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            records.add(call("E" + i, step + i, ModelId.HAIKU_4_5, Tier.SMALL, i * 10)
                    .step(step)
                    .usage(Usage.of(1_000, 100, 0, 0))
                    .cost(priced(1_500_000))
                    .build());
            if (i < escalated) {
                records.add(call("E" + i, step + i, ModelId.SONNET_4_6, Tier.MEDIUM, i * 10 + 1)
                        .step(step)
                        .attempt(Attempt.of(1, AttemptKind.ESCALATION, "low-confidence"))
                        .usage(Usage.of(1_000, 100, 0, 0))
                        .cost(priced(4_500_000))
                        .build());
            }
        }
        append(records);
    }

    @Test
    void findings_halfOfStepEscalates_overRoutingWithArithmetic() {
        appendEscalations("classify", 10, 5);

        // now: 10 x 1.5M + 5 x 4.5M = 37.5M; one tier up: 5 x 4.5M (Sonnet) + 5 x 4.5M = 45.0M: not cheaper
        assertThat(findings(Finding.Kind.OVER_ROUTING)).singleElement().satisfies(f -> {
            assertThat(f.evidence().detail()).contains("5 of 10", "$0.0375", "$0.045");
            assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
        });
    }

    @Test
    void findings_rareEscalation_noOverRouting() {
        appendEscalations("classify", 10, 1);

        assertThat(findings(Finding.Kind.OVER_ROUTING)).isEmpty();
    }

    /** Task H sends the same body (hash 42) twice as first attempts, {@code secondsApart} apart, $0.002 each. */
    private void appendSameBodyTwice(int secondsApart) {
        append(List.of(
                call("H", "h1", ModelId.SONNET_4_6, Tier.MEDIUM, 0)
                        .bodyHash(42)
                        .cost(priced(2_000_000))
                        .build(),
                call("H", "h2", ModelId.SONNET_4_6, Tier.MEDIUM, secondsApart)
                        .bodyHash(42)
                        .cost(priced(2_000_000))
                        .build()));
    }

    @Test
    void findings_sameBodyTenSecondsApart_hiddenRetry() {
        appendSameBodyTwice(10);

        assertThat(findings(Finding.Kind.HIDDEN_RETRIES)).singleElement().satisfies(f -> {
            assertThat(f.evidence().requestIds()).containsExactly("h2");
            assertThat(f.evidence().taskIds()).containsExactly("H");
            assertThat(f.windowImpact()).isEqualTo(Money.ofNanos(2_000_000));
            assertThat(f.evidence().detail()).contains("50.0%");
        });
    }

    @Test
    void findings_sameBodyTenMinutesApart_noHiddenRetry() {
        appendSameBodyTwice(600);

        assertThat(findings(Finding.Kind.HIDDEN_RETRIES)).isEmpty();
    }

    @Test
    void findings_unpricedModelAndOldPolicyAnchor_staleAnchors() {
        append(List.of(
                call("U", "u1", ModelId.of("claude-mystery-9"), Tier.LARGE, 0).build()));
        PolicyConfig old = new PolicyConfig(
                "anthropic@2025-01-01",
                PolicyConfig.DEFAULT_TIER,
                PolicyConfig.defaultSteps(),
                java.util.Map.of(),
                List.of(),
                ladder.core.route.EscalationConfig.defaults(),
                ladder.core.route.FallbackConfig.defaults(),
                ladder.core.access.AccessConfig.open());

        List<Finding> found = new FindingService(analytics(), DefaultPriceCatalog.get(), CONFIG)
                .findings(ALL, old, FRESH).stream()
                        .filter(f -> f.kind() == Finding.Kind.STALE_PRICE_ANCHOR)
                        .toList();

        assertThat(found).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.CRITICAL);
            assertThat(f.title()).contains("claude-mystery-9");
            assertThat(f.evidence().requestIds()).containsExactly("u1");
        });
        assertThat(found).anySatisfy(f -> assertThat(f.title()).contains("anthropic@2025-01-01"));
    }

    @Test
    void findings_pricedTrafficAndCurrentAnchor_noStaleAnchor() {
        appendReportLedger();
        PolicyConfig current = new PolicyConfig(
                DefaultPriceCatalog.get().versionAt(FRESH),
                PolicyConfig.DEFAULT_TIER,
                PolicyConfig.defaultSteps(),
                java.util.Map.of(),
                List.of(),
                ladder.core.route.EscalationConfig.defaults(),
                ladder.core.route.FallbackConfig.defaults(),
                ladder.core.access.AccessConfig.open());

        List<Finding> found =
                new FindingService(analytics(), DefaultPriceCatalog.get(), CONFIG).findings(ALL, current, FRESH);

        assertThat(found).noneMatch(f -> f.kind() == Finding.Kind.STALE_PRICE_ANCHOR);
    }

    @Test
    void findings_classifyOnOpus_topTierByDefault() {
        List<CallRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(call("O" + i, "o" + i, ModelId.OPUS_4_8, Tier.LARGE, i)
                    .team("research")
                    .project("")
                    .step("classify")
                    .usage(Usage.of(1_000, 100, 0, 0))
                    .cost(priced(7_500_000))
                    .build());
        }
        append(records);

        // at Haiku (small, the step's default): 1000 x 1 + 100 x 5 = 1.5M, so 6.0M saved per call
        assertThat(findings(Finding.Kind.TOP_TIER_BY_DEFAULT)).singleElement().satisfies(f -> {
            assertThat(f.title()).startsWith("research runs 100%");
            assertThat(f.windowImpact()).isEqualTo(Money.ofNanos(18_000_000));
        });
    }

    @Test
    void findings_classifyOnHaiku_noTopTier() {
        append(List.of(call("O", "o1", ModelId.HAIKU_4_5, Tier.SMALL, 0)
                .step("classify")
                .usage(Usage.of(1_000, 100, 0, 0))
                .cost(priced(1_500_000))
                .build()));

        assertThat(findings(Finding.Kind.TOP_TIER_BY_DEFAULT)).isEmpty();
    }

    @Test
    void findings_tolerantWorkInRealTime_batchableWithSaving() {
        append(List.of(call("L", "l1", ModelId.SONNET_4_6, Tier.MEDIUM, 0)
                .latencyTolerant(true)
                .usage(Usage.of(2_000, 1_000, 0, 0))
                .cost(priced(21_000_000))
                .build()));

        assertThat(findings(Finding.Kind.BATCHABLE_WORK))
                .singleElement()
                .satisfies(f -> assertThat(f.windowImpact()).isEqualTo(Money.ofNanos(10_500_000)));
    }

    @Test
    void findings_tolerantWorkAlreadyBatched_noBatchable() {
        append(List.of(call("L", "l1", ModelId.SONNET_4_6, Tier.MEDIUM, 0)
                .latencyTolerant(true)
                .batch(true)
                .usage(Usage.of(2_000, 1_000, 0, 0))
                .cost(priced(10_500_000))
                .build()));

        assertThat(findings(Finding.Kind.BATCHABLE_WORK)).isEmpty();
    }

    @Test
    void findings_emptyLedger_onlyCatalogChecks() {
        assertThat(findings()).isEmpty();
        assertThat(new FindingService(analytics(), DefaultPriceCatalog.get(), CONFIG)
                        .findings(ALL, Instant.parse("2027-06-01T00:00:00Z")))
                .singleElement()
                .satisfies(f -> assertThat(f.title()).contains("newest price"));
    }

    @Test
    void usageSums_rolledUpFromFinerKeys_sameRowsAsTheStore() {
        appendReportLedger();
        // same team, project, model, tier and kind as task B's plan calls: its row merges with theirs
        append(List.of(call("D", "r9", ModelId.SONNET_4_6, Tier.MEDIUM, 40)
                .step("review")
                .usage(Usage.of(1_000, 100, 0, 0))
                .cost(priced(4_500_000))
                .build()));
        int[] storeQueries = {0};
        LedgerAnalytics counted = (LedgerAnalytics) Proxy.newProxyInstance(
                LedgerAnalytics.class.getClassLoader(), new Class<?>[] {LedgerAnalytics.class}, (proxy, m, args) -> {
                    if (m.getName().equals("usageSums")) {
                        storeQueries[0]++;
                    }
                    return m.invoke(analytics(), args);
                });
        SumPricer pricer = new SumPricer(DefaultPriceCatalog.get(), ALL);
        UsageQuery fine = pricer.query(
                List.of(Dimension.TEAM, Dimension.PROJECT, Dimension.STEP), UsageQuery.Filter.MARK_ESCALATED_REQUESTS);
        UsageQuery perTeam = pricer.query(List.of(Dimension.TEAM, Dimension.PROJECT), UsageQuery.Filter.ALL);
        UsageQuery perStep = pricer.query(List.of(Dimension.STEP), UsageQuery.Filter.MARK_ESCALATED_REQUESTS);
        UsageQuery tolerant = pricer.query(List.of(Dimension.TEAM), UsageQuery.Filter.TOLERANT_REALTIME);
        RollUpLedgerAnalytics shared = new RollUpLedgerAnalytics(counted);

        List<UsageSums> fineRows = shared.usageSums(fine);
        List<UsageSums> teams = shared.usageSums(perTeam);
        List<UsageSums> steps = shared.usageSums(perStep);
        shared.usageSums(tolerant); // other attempts: asks the store

        assertThat(storeQueries[0]).isEqualTo(2);
        assertThat(fineRows).hasSize(teams.size() + 1);
        assertThat(teams).containsExactlyInAnyOrderElementsOf(analytics().usageSums(perTeam));
        assertThat(steps).containsExactlyInAnyOrderElementsOf(analytics().usageSums(perStep));
        assertThat(steps).extracting(s -> s.key(1)).contains("escalated", "");
    }

    @Test
    void report_afterFindingsOnSharedAnalytics_sameAsAlone() {
        appendReportLedger();
        RollUpLedgerAnalytics shared = new RollUpLedgerAnalytics(analytics());
        new FindingService(shared, DefaultPriceCatalog.get(), CONFIG).findings(ALL, FRESH);

        Report alone = new ReportService(analytics(), DefaultPriceCatalog.get()).report(ALL, Dimension.TEAM, 10);
        Report afterFindings = new ReportService(shared, DefaultPriceCatalog.get()).report(ALL, Dimension.TEAM, 10);

        assertThat(afterFindings).isEqualTo(alone);
    }
}
