package ladder.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.Usage;
import ladder.core.ledger.Attempt;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.LedgerAnalytics;
import ladder.core.ledger.PrecedentTracker;
import ladder.core.ledger.PrefixBreak;
import ladder.core.ledger.TimeWindow;
import ladder.core.ledger.UsageQuery;
import ladder.core.ledger.UsageSums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reports over roll-ups equal reports over the raw calls: the same random traffic goes into a store that rolls up as
 * it goes (with the watermark behind, at, and past the latest call) and into one that never does, including tasks over
 * several hours and calls appended late into hours already rolled up; every answer is compared over windows on and off
 * the hour.
 */
class RollupsIT {

    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private static final String[] STEPS = {"classify", "execute", "plan", "summarize"};
    private static final String[] TEAMS = {"payments", "search", "support"};
    private static final ModelId[] MODELS = {ModelId.HAIKU_4_5, ModelId.SONNET_4_6, ModelId.OPUS_4_8, ModelId.of("x-9")
    };
    private static final Tier[] TIERS = {Tier.SMALL, Tier.MEDIUM, Tier.LARGE, Tier.FRONTIER};
    private static final List<List<Dimension>> DIMENSIONS = List.of(
            List.of(Dimension.STEP, Dimension.ROUTE, Dimension.TEAM),
            List.of(Dimension.MODEL, Dimension.PROJECT, Dimension.TASK));
    private static final List<List<Dimension>> KEYS = List.of(
            List.of(),
            List.of(Dimension.TEAM, Dimension.PROJECT),
            List.of(Dimension.TEAM, Dimension.PROJECT, Dimension.STEP),
            List.of(Dimension.ROUTE),
            List.of(Dimension.MODEL),
            List.of(Dimension.TASK));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void rolledUpAnswers_equalRawAnswers(long seed) {
        Random random = new Random(seed);
        try (DuckDbLedgerStore raw = DuckDbLedgerStore.open(dir.resolve("raw.duckdb"));
                DuckDbLedgerStore rolled = DuckDbLedgerStore.open(dir.resolve("rolled.duckdb"))) {
            List<List<CallRecord>> requests = traffic(random);
            List<List<CallRecord>> late = new ArrayList<>();
            List<CallRecord> batch = new ArrayList<>();
            int appended = 0;
            for (List<CallRecord> request : requests) {
                if (random.nextInt(12) == 0) {
                    late.add(request); // appended at the end, after roll-ups passed its hour
                    continue;
                }
                batch.addAll(request);
                if (++appended % 8 == 0) {
                    append(batch, raw, rolled);
                }
                if (appended % 40 == 0) {
                    rolled.rollUp(Duration.ofMinutes(60 * (random.nextInt(3) - 1)));
                }
            }
            append(batch, raw, rolled);
            rolled.rollUp(Duration.ZERO);
            for (int i = 0; i < late.size(); i++) {
                batch.addAll(late.get(i));
                if (i % 4 == 3) {
                    append(batch, raw, rolled);
                }
            }
            append(batch, raw, rolled);
            assertSameAnswers(raw, rolled, random);
            // The late calls rolled up too: the answers stay the same.
            assertThat(rolled.rollUp(Duration.ofHours(-2))).isTrue();
            assertSameAnswers(raw, rolled, random);
            assertThat(rolled.rollUp(Duration.ofHours(-2))).isFalse();
        }
    }

    @Test
    void generateIntoARolledUpLedger_rollsUpAgain_sameAnswersAsRaw() {
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(dir.resolve("synthetic.duckdb"))) {
            SyntheticLedger.generate(store, 20_000, 1);
            // Same task ids again: the precedent backfill changes rows that were already rolled up.
            SyntheticLedger.generate(store, 12_000, 2);
            // Thirty days in steps of one, all the way to the hour before the latest call's.
            assertThat(store.rolledUpTo())
                    .isEqualTo(SyntheticLedger.START.plus(SyntheticLedger.SPAN).minus(Duration.ofHours(2)));
            TimeWindow all = TimeWindow.of(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"));
            List<Dimension> dimensions = List.of(Dimension.STEP, Dimension.ROUTE, Dimension.TEAM);
            UsageQuery marked = new UsageQuery(
                    all,
                    List.of(Dimension.TEAM, Dimension.STEP),
                    List.of(),
                    List.of(200_000L),
                    UsageQuery.Filter.MARK_ESCALATED_REQUESTS);
            var costs = store.taskCosts(all, dimensions, 10);
            var misses = store.cacheMisses(all, LedgerAnalytics.DEFAULT_MIN_CACHEABLE_TOKENS);
            var usage = sorted(store.usageSums(marked));

            store.generate(Rollups::reset);

            assertThat(store.rolledUpTo()).isEqualTo(Instant.EPOCH);
            assertThat(store.taskCosts(all, dimensions, 10)).isEqualTo(costs);
            assertThat(store.cacheMisses(all, LedgerAnalytics.DEFAULT_MIN_CACHEABLE_TOKENS))
                    .isEqualTo(misses);
            assertThat(sorted(store.usageSums(marked))).isEqualTo(usage);
        }
    }

    /** Appends {@code batch} to both stores and empties it. */
    private static void append(List<CallRecord> batch, DuckDbLedgerStore raw, DuckDbLedgerStore rolled) {
        raw.append(batch);
        rolled.append(batch);
        batch.clear();
    }

    private static void assertSameAnswers(DuckDbLedgerStore raw, DuckDbLedgerStore rolled, Random random) {
        List<TimeWindow> windows = new ArrayList<>();
        windows.add(TimeWindow.of(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z")));
        windows.add(TimeWindow.of(START.plus(2, ChronoUnit.HOURS), START.plus(5, ChronoUnit.HOURS)));
        windows.add(TimeWindow.of(START.plusSeconds(600), START.plusSeconds(1200)));
        windows.add(TimeWindow.of(START.plus(30, ChronoUnit.DAYS), START.plus(31, ChronoUnit.DAYS)));
        for (int i = 0; i < 2; i++) {
            Instant from = START.plusSeconds(random.nextInt(8 * 3600));
            windows.add(TimeWindow.of(from, from.plusSeconds(600 + random.nextInt(6 * 3600))));
        }
        for (TimeWindow w : windows) {
            for (List<Dimension> dimensions : DIMENSIONS) {
                for (int limit : new int[] {random.nextBoolean() ? 2 : 10_000}) {
                    assertThat(rolled.taskCosts(w, dimensions, limit))
                            .as("cost per task by %s (limit %d) over %s", dimensions, limit, w)
                            .isEqualTo(raw.taskCosts(w, dimensions, limit));
                }
            }
            for (long min : new long[] {LedgerAnalytics.DEFAULT_MIN_CACHEABLE_TOKENS, 1_000}) {
                assertThat(rolled.cacheMisses(w, min))
                        .as("cache misses under %d tokens over %s", min, w)
                        .isEqualTo(raw.cacheMisses(w, min));
            }
            for (List<Dimension> keys : KEYS) {
                for (UsageQuery.Filter filter : UsageQuery.Filter.values()) {
                    if (random.nextBoolean()) {
                        continue; // half of the key and filter pairs per window, a different half each time
                    }
                    // Boundaries on the hour or not, thresholds at the roll-up's floor or under it.
                    UsageQuery q = switch (random.nextInt(3)) {
                        case 0 -> new UsageQuery(w, keys, List.of(), List.of(200_000L), filter);
                        case 1 -> new UsageQuery(w, keys, List.of(START.plus(3, ChronoUnit.HOURS)), List.of(), filter);
                        default ->
                            new UsageQuery(w, keys, List.of(START.plusSeconds(7_777)), List.of(150_000L), filter);
                    };
                    assertThat(sorted(rolled.usageSums(q)))
                            .as("usage sums of %s", q)
                            .isEqualTo(sorted(raw.usageSums(q)));
                }
            }
        }
    }

    private static List<UsageSums> sorted(List<UsageSums> sums) {
        return sums.stream().sorted(Comparator.comparing(UsageSums::toString)).toList();
    }

    /** About 250 tasks over 8 hours; each a few requests minutes apart, some with retries, fallbacks, escalations. */
    private static List<List<CallRecord>> traffic(Random random) {
        List<List<CallRecord>> requests = new ArrayList<>();
        int requestNo = 0;
        for (int task = 0; task < 250; task++) {
            Instant at = START.plusSeconds(random.nextInt(8 * 3600));
            String team = TEAMS[random.nextInt(TEAMS.length)];
            String project = team + "-" + random.nextInt(2);
            int count = 1 + random.nextInt(5);
            for (int r = 0; r < count; r++) {
                Request request = new Request(
                        "task-" + task, "req-" + requestNo++, STEPS[random.nextInt(STEPS.length)], team, project);
                int tier = random.nextInt(3);
                List<CallRecord> attempts = new ArrayList<>();
                attempts.add(request.attempt(random, at, tier, 0, AttemptKind.FIRST));
                int more = random.nextInt(10);
                if (more == 0) {
                    attempts.add(request.attempt(random, at.plusSeconds(2), tier, 1, AttemptKind.RETRY));
                } else if (more == 1) {
                    attempts.add(request.attempt(random, at.plusSeconds(2), 3, 1, AttemptKind.FALLBACK));
                }
                if (random.nextInt(6) == 0) {
                    attempts.add(request.attempt(
                            random, at.plusSeconds(5), tier + 1, attempts.size(), AttemptKind.ESCALATION));
                }
                requests.add(attempts);
                at = at.plusSeconds(30 + random.nextInt(random.nextInt(5) == 0 ? 5_400 : 600));
            }
        }
        requests.sort(Comparator.comparing(r -> r.getFirst().time()));
        // The precedents a gateway that saw the calls in time order would have written.
        PrecedentTracker precedents = new PrecedentTracker();
        return requests.stream()
                .map(r -> r.stream().map(precedents::annotate).toList())
                .toList();
    }

    /** One request of a task: its attempts share these. */
    private record Request(String task, String id, String step, String team, String project) {

        CallRecord attempt(Random random, Instant at, int tier, int index, AttemptKind kind) {
            long input = random.nextInt(20) == 0 ? 150_000 + random.nextInt(100_000) : 100 + random.nextInt(6_000);
            long write = random.nextInt(3) == 0 ? random.nextInt(60_000) : 0;
            long read = random.nextInt(2) == 0 ? random.nextInt(60_000) : 0;
            Usage usage = random.nextBoolean()
                    ? Usage.of(input, 1 + random.nextInt(900), write, read)
                    : new Usage(
                            input,
                            1 + random.nextInt(900),
                            write,
                            read,
                            new Usage.CacheCreation.Split(write / 2, write - write / 2),
                            new Usage.ServerToolUse(random.nextInt(2), random.nextInt(2)),
                            "standard");
            CallCost cost = random.nextInt(20) == 0
                    ? CallCost.unpriced()
                    : CallCost.priced(Money.ofNanos(1 + random.nextInt(50_000_000)), "anthropic@test");
            // Most tasks cache a prefix that sometimes changes; some calls record where it changed.
            List<Long> prefix = task.hashCode() % 4 == 0
                    ? List.of()
                    : List.of((long) task.hashCode(), (long) random.nextInt(random.nextInt(4) == 0 ? 3 : 1));
            List<PrefixBreak> breaks = !prefix.isEmpty() && random.nextInt(8) == 0
                    ? List.of(new PrefixBreak(
                            random.nextBoolean() ? "system" : "messages[2]",
                            random.nextInt(3) * 40L,
                            "…" + random.nextInt(3)))
                    : List.of();
            return CallRecord.builder()
                    .time(at.plusMillis(index * 700L))
                    .prefixFingerprints(prefix)
                    .prefixBreaks(breaks)
                    .requestId(id)
                    .taskId(TaskId.of(task))
                    .step(step)
                    .team(team)
                    .project(project)
                    .keyId("key-" + team)
                    .routedModel(MODELS[tier])
                    .tier(TIERS[tier])
                    .attempt(Attempt.of(index, kind, kind == AttemptKind.FIRST ? "" : "why"))
                    .usage(usage)
                    .cost(cost)
                    .batch(random.nextInt(10) == 0)
                    .latencyTolerant(random.nextInt(4) == 0)
                    .build();
        }
    }
}
