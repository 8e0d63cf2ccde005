package ladder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.Usage;
import ladder.core.ledger.Attempt;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerCursor;
import ladder.core.ledger.LedgerCursor.RecordKey;
import ladder.core.ledger.LedgerPage;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.Precedents;
import ladder.core.ledger.SpendLine;
import ladder.core.ledger.TaskCost;
import ladder.core.ledger.TimeWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LedgerStore} must have. A store's test extends this class and returns a fresh, empty
 * store from {@link #createStore()}; one suite, every implementation.
 */
public abstract class LedgerStoreContract {

    /** The store under test, fresh and empty for each test. */
    protected LedgerStore store;

    /** Returns a new, empty store; the suite closes it after each test. */
    protected abstract LedgerStore createStore();

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        // null when createStore() aborted the test (e.g. an assumption about the environment failed)
        if (store != null) {
            store.close();
        }
    }

    @Test
    void append_everyFieldSet_readsBackEqual() {
        CallRecord full = CallRecords.everyFieldSet();

        store.append(List.of(full));

        assertThat(store.recordsOfTask(full.taskId())).containsExactly(full);
    }

    @Test
    void append_precedentsPartlyKnown_readBackEqual() {
        CallRecord repeatOnly = CallRecords.sample(1)
                .taskId(TaskId.of("partly"))
                .precedents(new Precedents(Precedents.UNKNOWN, false, false, 12_345))
                .build();
        CallRecord taskOnly = CallRecords.sample(2)
                .taskId(TaskId.of("partly"))
                .precedents(new Precedents(0, false, true, Precedents.UNKNOWN))
                .build();

        store.append(List.of(repeatOnly, taskOnly));

        assertThat(store.recordsOfTask(TaskId.of("partly"))).containsExactly(repeatOnly, taskOnly);
    }

    @Test
    void append_unpricedWithoutSplitOrFingerprints_readsBackEqual() {
        CallRecord bare = CallRecord.builder()
                .time(CallRecords.EPOCH)
                .requestId("req-bare")
                .taskId(TaskId.of("bare"))
                .team("t")
                .routedModel(ModelId.HAIKU_4_5)
                .tier(Tier.SMALL)
                .httpStatus(0)
                .build();

        store.append(List.of(bare));

        assertThat(store.recordsOfTask(TaskId.of("bare"))).containsExactly(bare);
        assertThat(store.recordsOfTask(TaskId.of("bare")).get(0).cost()).isEqualTo(CallCost.unpriced());
        assertThat(store.recordsOfTask(TaskId.of("bare")).get(0).usage().cacheCreation())
                .isEqualTo(Usage.CacheCreation.Unspecified.INSTANCE);
    }

    @Test
    void append_emptyBatch_storesNothing() {
        store.append(List.of());

        assertThat(store.recordsBetween(everything(), LedgerCursor.start(), 10).records())
                .isEmpty();
    }

    @Test
    void recordsOfTask_appendedOutOfOrder_returnsKeyOrder() {
        TaskId task = TaskId.of("t-order");
        Instant t = CallRecords.EPOCH;
        CallRecord late =
                CallRecords.sample(1).taskId(task).time(t.plusSeconds(5)).build();
        CallRecord retry = CallRecords.sample(2)
                .taskId(task)
                .requestId("req-a")
                .time(t)
                .attempt(Attempt.of(1, AttemptKind.RETRY, "overloaded"))
                .build();
        CallRecord first =
                CallRecords.sample(3).taskId(task).requestId("req-a").time(t).build();
        CallRecord sameTimeOtherRequest =
                CallRecords.sample(4).taskId(task).requestId("req-b").time(t).build();
        CallRecord otherTask = CallRecords.sample(5).taskId(TaskId.of("other")).build();

        store.append(List.of(late, retry, otherTask));
        store.append(List.of(sameTimeOtherRequest, first));

        assertThat(store.recordsOfTask(task)).containsExactly(first, retry, sameTimeOtherRequest, late);
    }

    @Test
    void recordsOfTask_unknownTask_isEmpty() {
        store.append(List.of(CallRecords.sample(1).build()));

        assertThat(store.recordsOfTask(TaskId.of("nobody"))).isEmpty();
    }

    @Test
    void costOfTask_pricedAndUnpriced_sumsPricedAndCountsUnpriced() {
        TaskId task = TaskId.of("t-cost");
        store.append(List.of(
                CallRecords.sample(1)
                        .taskId(task)
                        .cost(CallCost.priced(Money.ofNanos(1_500_000_001L), "v1"))
                        .build(),
                CallRecords.sample(2).taskId(task).cost(CallCost.unpriced()).build(),
                CallRecords.sample(3)
                        .taskId(task)
                        .cost(CallCost.priced(Money.ofNanos(2), "v2"))
                        .build(),
                CallRecords.sample(4)
                        .taskId(TaskId.of("other"))
                        .cost(CallCost.priced(Money.ofUsd(100), "v1"))
                        .build()));

        assertThat(store.costOfTask(task)).isEqualTo(new TaskCost(task, Money.ofNanos(1_500_000_003L), 3, 1));
    }

    @Test
    void costOfTask_unknownTask_isNone() {
        assertThat(store.costOfTask(TaskId.of("nobody"))).isEqualTo(TaskCost.none(TaskId.of("nobody")));
    }

    @Test
    void costsOfTasksActiveSince_recentTasks_wholeTotalsMostRecentFirst() {
        TaskId early = TaskId.of("started-early");
        TaskId unpriced = TaskId.of("unpriced-lately");
        TaskId once = TaskId.of("once");
        store.append(List.of(
                attemptOf(early, 0, CallCost.priced(Money.ofNanos(7), "v1")),
                attemptOf(TaskId.of("finished-before"), 10, CallCost.priced(Money.ofUsd(1), "v1")),
                attemptOf(once, 50, CallCost.priced(Money.ofNanos(5), "v1")),
                attemptOf(unpriced, 80, CallCost.unpriced()),
                attemptOf(early, 100, CallCost.priced(Money.ofNanos(11), "v2"))));
        Instant since = CallRecords.EPOCH.plusSeconds(30);

        assertThat(store.costsOfTasksActiveSince(since, 10))
                .containsExactly(
                        new TaskCost(early, Money.ofNanos(18), 2, 0),
                        new TaskCost(unpriced, Money.ZERO, 1, 1),
                        new TaskCost(once, Money.ofNanos(5), 1, 0));
        assertThat(store.costsOfTasksActiveSince(since, 2))
                .extracting(TaskCost::taskId)
                .containsExactly(early, unpriced);
        assertThat(store.costsOfTasksActiveSince(CallRecords.EPOCH.plusSeconds(101), 10))
                .isEmpty();
    }

    @Test
    void costsOfTasksActiveSince_limitZero_isRejected() {
        assertThatThrownBy(() -> store.costsOfTasksActiveSince(CallRecords.EPOCH, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static CallRecord attemptOf(TaskId task, int second, CallCost cost) {
        return CallRecords.sample(second).taskId(task).cost(cost).build();
    }

    @Test
    void costOfTask_manyRecords_equalsSumOfItsRecords() {
        Random random = new Random(42);
        List<CallRecord> batch = IntStream.range(0, 500)
                .mapToObj(i -> CallRecords.sample(i)
                        .cost(
                                random.nextInt(10) == 0
                                        ? CallCost.unpriced()
                                        : CallCost.priced(Money.ofNanos(random.nextLong(0, 50_000_000_000L)), "v1"))
                        .build())
                .toList();
        store.append(batch);

        for (int t = 0; t < 10; t++) {
            TaskId task = TaskId.of("task-" + t);
            List<CallRecord> records = store.recordsOfTask(task);
            Money sum = records.stream().map(r -> r.cost().amountOrZero()).reduce(Money.ZERO, Money::plus);
            long unpriced = records.stream()
                    .filter(r -> r.cost() instanceof CallCost.Unpriced)
                    .count();
            assertThat(store.costOfTask(task)).isEqualTo(new TaskCost(task, sum, records.size(), unpriced));
        }
    }

    @Test
    void recordsBetween_pagesOfThree_visitEveryRecordOfTheWindowOnceInKeyOrder() {
        List<CallRecord> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // pairs share a time so the request id breaks ties
            all.add(CallRecords.sample(i)
                    .time(CallRecords.EPOCH.plusSeconds(i / 2))
                    .build());
        }
        List<CallRecord> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(7));
        store.append(shuffled);
        // window [1s, 5s): records 2..9
        TimeWindow window = TimeWindow.of(CallRecords.EPOCH.plusSeconds(1), CallRecords.EPOCH.plusSeconds(5));

        List<CallRecord> seen = new ArrayList<>();
        LedgerCursor cursor = LedgerCursor.start();
        int pages = 0;
        while (true) {
            LedgerPage page = store.recordsBetween(window, cursor, 3);
            assertThat(page.records()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(page.records());
            pages++;
            if (!page.hasMore()) {
                break;
            }
            cursor = page.next();
        }

        List<CallRecord> expected = all.subList(2, 10).stream()
                .sorted(java.util.Comparator.comparing(RecordKey::of))
                .toList();
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isBetween(3, 4);
    }

    @Test
    void forEachBetween_largeBatch_visitsAll() {
        List<CallRecord> batch = IntStream.range(0, 2_500)
                .mapToObj(i -> CallRecords.sample(i).build())
                .toList();
        store.append(batch);

        List<CallRecord> seen = new ArrayList<>();
        store.forEachBetween(everything(), 1_000, seen::add);

        assertThat(seen).containsExactlyElementsOf(batch);
    }

    @Test
    void recordsBetween_emptyWindow_isEmpty() {
        store.append(List.of(CallRecords.sample(0).build()));

        LedgerPage page =
                store.recordsBetween(TimeWindow.of(CallRecords.EPOCH, CallRecords.EPOCH), LedgerCursor.start(), 5);

        assertThat(page.records()).isEmpty();
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void recordsBetween_limitZero_isRejected() {
        assertThatThrownBy(() -> store.recordsBetween(everything(), LedgerCursor.start(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void spendByTeamAndProject_withinWindow_groupsSortedByTeamThenProject() {
        Instant t = CallRecords.EPOCH;
        store.append(List.of(
                spend(1, t, "payments", "checkout", CallCost.priced(Money.ofNanos(10), "v1")),
                spend(2, t.plusSeconds(1), "payments", "checkout", CallCost.unpriced()),
                spend(3, t.plusSeconds(2), "payments", "", CallCost.priced(Money.ofNanos(5), "v1")),
                spend(4, t.plusSeconds(3), "infra", "search", CallCost.priced(Money.ofNanos(7), "v1")),
                spend(5, t.plusSeconds(3), "payments", "checkout", CallCost.priced(Money.ofNanos(20), "v2")),
                spend(6, t.plusSeconds(10), "infra", "search", CallCost.priced(Money.ofNanos(1_000), "v1")),
                spend(7, t.minusSeconds(1), "infra", "search", CallCost.priced(Money.ofNanos(1_000), "v1"))));

        List<SpendLine> lines = store.spendByTeamAndProject(TimeWindow.of(t, t.plusSeconds(10)));

        assertThat(lines)
                .containsExactly(
                        new SpendLine("infra", "search", Money.ofNanos(7), 1, 0),
                        new SpendLine("payments", "", Money.ofNanos(5), 1, 0),
                        new SpendLine("payments", "checkout", Money.ofNanos(30), 3, 1));
    }

    @Test
    void spendByTeamAndProject_emptyWindow_isEmpty() {
        store.append(List.of(CallRecords.sample(0).build()));

        assertThat(store.spendByTeamAndProject(TimeWindow.of(Instant.EPOCH, CallRecords.EPOCH)))
                .isEmpty();
    }

    @Test
    void append_manyBatches_keepsEveryRecord() {
        for (int b = 0; b < 20; b++) {
            int base = b * 50;
            store.append(IntStream.range(base, base + 50)
                    .mapToObj(i -> CallRecords.sample(i).build())
                    .toList());
        }

        assertThat(store.costOfTask(TaskId.of("task-3")).attempts()).isEqualTo(100);
    }

    @Test
    void close_calledTwice_isHarmless() {
        store.close();
        store.close();
        store = createStore();
    }

    /** A window covering every sample record. */
    protected static TimeWindow everything() {
        return TimeWindow.of(Instant.parse("2000-01-01T00:00:00Z"), CallRecords.EPOCH.plus(Duration.ofDays(3650)));
    }

    private static CallRecord spend(int i, Instant time, String team, String project, CallCost cost) {
        return CallRecords.sample(i)
                .time(time)
                .team(team)
                .project(project)
                .cost(cost)
                .build();
    }
}
