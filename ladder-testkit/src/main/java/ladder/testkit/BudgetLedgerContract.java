package ladder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import ladder.core.Money;
import ladder.core.access.Budget;
import ladder.core.access.BudgetDecision;
import ladder.core.access.BudgetKey;
import ladder.core.access.BudgetLedger;
import ladder.core.access.BudgetScope;
import ladder.core.access.Reservation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BudgetLedger} must have. A ledger's test extends this class and returns a fresh, empty
 * ledger from {@link #createLedger}; one suite, every implementation. Ledgers that are {@link AutoCloseable} are
 * closed after each test.
 */
public abstract class BudgetLedgerContract {

    /** How long a reservation counts in this suite's ledgers. */
    protected static final Duration TIMEOUT = Duration.ofMinutes(15);

    protected static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    protected static final Instant RESET = Instant.parse("2026-12-01T00:00:00Z");
    protected static final Budget TEAM =
            new Budget(new BudgetKey(BudgetScope.TEAM_MONTH, "search", "2026-11"), Money.ofUsd(10), RESET);
    protected static final Budget PROJECT =
            new Budget(new BudgetKey(BudgetScope.PROJECT_MONTH, "indexer", "2026-11"), Money.ofUsd(4), RESET);
    protected static final Budget TASK =
            new Budget(new BudgetKey(BudgetScope.TASK, "task-1", "task"), Money.ofUsd(1), Instant.MAX);

    /** The clock the ledger under test reads; tests move it. */
    protected final FakeClock clock = FakeClock.at(NOW);

    /** The ledger under test, fresh and empty for each test. */
    protected BudgetLedger ledger;

    /**
     * Returns a new, empty ledger reading {@code clock}, whose reservations stop counting {@code reservationTimeout}
     * after they were made.
     */
    protected abstract BudgetLedger createLedger(InstantSource clock, Duration reservationTimeout);

    @BeforeEach
    void openLedger() {
        ledger = createLedger(clock, TIMEOUT);
    }

    @AfterEach
    void closeLedger() throws Exception {
        // null when createLedger() aborted the test (e.g. an assumption about the environment failed)
        if (ledger instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void reserve_noBudgets_returnsNone() {
        assertThat(ledger.reserve(List.of(), Money.ofUsd(1))).isEqualTo(new BudgetDecision.Reserved(Reservation.NONE));
    }

    @Test
    void reserve_withinEveryLimit_holdsTheAmountOnEachBudget() {
        Reservation r = reserved(ledger.reserve(List.of(TEAM, PROJECT, TASK), Money.parseUsd("0.75")));

        assertThat(r.keys()).containsExactly(TEAM.key(), PROJECT.key(), TASK.key());
        assertThat(r.amount()).isEqualTo(Money.parseUsd("0.75"));
        assertThat(r.id()).isNotZero();
        for (Budget b : List.of(TEAM, PROJECT, TASK)) {
            assertThat(ledger.reserved(b.key())).isEqualTo(Money.parseUsd("0.75"));
            assertThat(ledger.spent(b.key())).isEqualTo(Money.ZERO);
        }
    }

    @Test
    void reserve_oneBudgetShort_reservesNothingAnywhereAndNamesThatBudget() {
        reserved(ledger.reserve(List.of(TEAM, PROJECT), Money.ofUsd(3)));

        BudgetDecision second = ledger.reserve(List.of(TEAM, PROJECT), Money.ofUsd(3));

        assertThat(second).isEqualTo(new BudgetDecision.Exhausted(PROJECT, Money.ZERO, Money.ofUsd(3), Money.ofUsd(3)));
        assertThat(ledger.reserved(TEAM.key())).isEqualTo(Money.ofUsd(3));
        assertThat(ledger.reserved(PROJECT.key())).isEqualTo(Money.ofUsd(3));
    }

    @Test
    void reserve_exhausted_messageNamesBudgetLimitSpentAndReset() {
        Reservation r = reserved(ledger.reserve(List.of(PROJECT), Money.ofUsd(3)));
        ledger.settle(r, Money.parseUsd("2.5"));

        BudgetDecision.Exhausted e = exhausted(ledger.reserve(List.of(TEAM, PROJECT), Money.ofUsd(2)));

        assertThat(e.spent()).isEqualTo(Money.parseUsd("2.5"));
        assertThat(e.reserved()).isEqualTo(Money.ZERO);
        assertThat(e.message())
                .contains("project-month budget of indexer (2026-11)")
                .contains("limit " + Money.ofUsd(4))
                .contains("spent " + Money.parseUsd("2.5"))
                .contains("resets 2026-12-01T00:00:00Z");
    }

    @Test
    void reserve_taskCapExhausted_saysItDoesNotReset() {
        BudgetDecision.Exhausted e = exhausted(ledger.reserve(List.of(TEAM, TASK), Money.ofUsd(2)));

        assertThat(e.budget()).isEqualTo(TASK);
        assertThat(e.message()).contains("does not reset");
    }

    @Test
    void reserve_exactlyTheHeadroom_isReservedAndOneNanoMoreIsNot() {
        reserved(ledger.reserve(List.of(PROJECT), Money.ofUsd(1)));

        assertThat(ledger.reserve(List.of(PROJECT), Money.ofNanos(3_000_000_001L)))
                .isInstanceOf(BudgetDecision.Exhausted.class);
        assertThat(ledger.reserve(List.of(PROJECT), Money.ofUsd(3))).isInstanceOf(BudgetDecision.Reserved.class);
        assertThat(ledger.reserve(List.of(PROJECT), Money.ZERO)).isInstanceOf(BudgetDecision.Reserved.class);
        assertThat(ledger.reserved(PROJECT.key())).isEqualTo(Money.ofUsd(4));
    }

    @Test
    void reserve_negativeAmount_isRejected() {
        assertThatThrownBy(() -> ledger.reserve(List.of(TEAM), Money.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount");
    }

    @Test
    void reserve_unlimitedBudget_neverOverflows() {
        Budget unlimited = new Budget(new BudgetKey(BudgetScope.TASK, "t", "task"), Budget.UNLIMITED, Instant.MAX);

        Reservation r = reserved(ledger.reserve(List.of(unlimited), Money.ofUsd(1_000_000)));
        ledger.settle(r, Money.ofUsd(1_000_000));

        assertThat(ledger.reserve(List.of(unlimited), Money.ofUsd(1_000_000)))
                .isInstanceOf(BudgetDecision.Reserved.class);
        assertThat(ledger.spent(unlimited.key())).isEqualTo(Money.ofUsd(1_000_000));
    }

    @Test
    void reserve_nextMonthsKey_startsFromZero() {
        Reservation r = reserved(ledger.reserve(List.of(PROJECT), Money.ofUsd(4)));
        ledger.settle(r, Money.ofUsd(4));
        Budget december = new Budget(
                new BudgetKey(BudgetScope.PROJECT_MONTH, "indexer", "2026-12"),
                Money.ofUsd(4),
                Instant.parse("2027-01-01T00:00:00Z"));

        assertThat(ledger.reserve(List.of(PROJECT), Money.ofNanos(1))).isInstanceOf(BudgetDecision.Exhausted.class);
        assertThat(ledger.reserve(List.of(december), Money.ofUsd(4))).isInstanceOf(BudgetDecision.Reserved.class);
        assertThat(ledger.spent(PROJECT.key())).isEqualTo(Money.ofUsd(4));
    }

    @Test
    void reserve_manyCalls_idsAreUnique() {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(reserved(ledger.reserve(List.of(TEAM), Money.ofNanos(1))).id());
        }

        assertThat(ids).hasSize(20).doesNotContain(0L);
    }

    @Test
    void settle_movesTheReservationToSpentAtTheActualCost() {
        Reservation r = reserved(ledger.reserve(List.of(TEAM, PROJECT), Money.ofUsd(2)));

        ledger.settle(r, Money.ofNanos(1_234_567_891L));

        for (Budget b : List.of(TEAM, PROJECT)) {
            assertThat(ledger.spent(b.key())).isEqualTo(Money.ofNanos(1_234_567_891L));
            assertThat(ledger.reserved(b.key())).isEqualTo(Money.ZERO);
        }
    }

    @Test
    void settle_twice_recordsOnce() {
        Reservation r = reserved(ledger.reserve(List.of(TEAM), Money.ofUsd(2)));

        ledger.settle(r, Money.parseUsd("0.5"));
        ledger.settle(r, Money.parseUsd("0.5"));
        ledger.settle(r, Money.ofUsd(2));

        assertThat(ledger.spent(TEAM.key())).isEqualTo(Money.parseUsd("0.5"));
        assertThat(ledger.reserved(TEAM.key())).isEqualTo(Money.ZERO);
    }

    @Test
    void settle_none_doesNothing() {
        ledger.settle(Reservation.NONE, Money.ofUsd(1));

        assertThat(ledger.spent(TEAM.key())).isEqualTo(Money.ZERO);
    }

    @Test
    void settle_negativeActual_isRejected() {
        Reservation r = reserved(ledger.reserve(List.of(TEAM), Money.ofUsd(2)));

        assertThatThrownBy(() -> ledger.settle(r, Money.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actual");
        assertThat(ledger.reserved(TEAM.key())).isEqualTo(Money.ofUsd(2));
    }

    @Test
    void settle_belowTheReservation_freesTheRestForOtherCalls() {
        Reservation r = reserved(ledger.reserve(List.of(PROJECT), Money.ofUsd(4)));
        assertThat(ledger.reserve(List.of(PROJECT), Money.ofUsd(1))).isInstanceOf(BudgetDecision.Exhausted.class);

        ledger.settle(r, Money.ofUsd(1));

        assertThat(ledger.reserve(List.of(PROJECT), Money.ofUsd(3))).isInstanceOf(BudgetDecision.Reserved.class);
    }

    @Test
    void spentAndReserved_unknownKey_areZero() {
        BudgetKey nobody = new BudgetKey(BudgetScope.TEAM_MONTH, "nobody", "2026-11");

        assertThat(ledger.spent(nobody)).isEqualTo(Money.ZERO);
        assertThat(ledger.reserved(nobody)).isEqualTo(Money.ZERO);
    }

    @Test
    void reservation_justBeforeItsTimeout_stillCounts() {
        reserved(ledger.reserve(List.of(PROJECT), Money.ofUsd(4)));

        clock.advance(TIMEOUT.minusMillis(1));

        assertThat(ledger.reserved(PROJECT.key())).isEqualTo(Money.ofUsd(4));
        assertThat(ledger.reserve(List.of(PROJECT), Money.ofNanos(1))).isInstanceOf(BudgetDecision.Exhausted.class);
    }

    @Test
    void reservation_neverSettled_stopsCountingAtItsTimeout() {
        reserved(ledger.reserve(List.of(TEAM, PROJECT), Money.ofUsd(4)));

        clock.advance(TIMEOUT);

        assertThat(ledger.reserved(PROJECT.key())).isEqualTo(Money.ZERO);
        assertThat(ledger.reserved(TEAM.key())).isEqualTo(Money.ZERO);
        assertThat(ledger.reserve(List.of(TEAM, PROJECT), Money.ofUsd(4))).isInstanceOf(BudgetDecision.Reserved.class);
        assertThat(ledger.spent(PROJECT.key())).isEqualTo(Money.ZERO);
    }

    @Test
    void settle_afterTimeout_recordsTheSpendOnceWithoutReleasingTwice() {
        Reservation late = reserved(ledger.reserve(List.of(TEAM), Money.ofUsd(2)));
        clock.advance(TIMEOUT.plusSeconds(1));
        Reservation current = reserved(ledger.reserve(List.of(TEAM), Money.ofUsd(3)));

        ledger.settle(late, Money.ofUsd(1));
        ledger.settle(late, Money.ofUsd(1));

        assertThat(ledger.spent(TEAM.key())).isEqualTo(Money.ofUsd(1));
        assertThat(ledger.reserved(TEAM.key())).isEqualTo(Money.ofUsd(3));
        ledger.settle(current, Money.ofUsd(3));
        assertThat(ledger.spent(TEAM.key())).isEqualTo(Money.ofUsd(4));
        assertThat(ledger.reserved(TEAM.key())).isEqualTo(Money.ZERO);
    }

    /** Real threads: spend plus in-flight reservations never passes the limit while calls settle at or below. */
    @Test
    void concurrentReservations_neverPassTheBudget() throws Exception {
        Budget budget = new Budget(new BudgetKey(BudgetScope.TEAM_MONTH, "t", "2026-11"), Money.ofUsd(1), RESET);
        int threads = 4;
        AtomicLong maxSeen = new AtomicLong();
        AtomicLong settled = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(42L + t);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        Money amount = Money.ofNanos(random.nextLong(1, 60_000_000));
                        if (ledger.reserve(List.of(budget), amount) instanceof BudgetDecision.Reserved r) {
                            long used = ledger.spent(budget.key()).nanos()
                                    + ledger.reserved(budget.key()).nanos();
                            maxSeen.accumulateAndGet(used, Math::max);
                            long actual = random.nextLong(0, amount.nanos() + 1);
                            ledger.settle(r.reservation(), Money.ofNanos(actual));
                            settled.addAndGet(actual);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.spent(budget.key())).isEqualTo(Money.ofNanos(settled.get()));
        assertThat(ledger.spent(budget.key())).isLessThanOrEqualTo(budget.limit());
        assertThat(ledger.reserved(budget.key())).isEqualTo(Money.ZERO);
        assertThat(maxSeen.get()).isLessThanOrEqualTo(budget.limit().nanos());
    }

    /** The reservation inside {@code decision}, failing the test when it is not {@link BudgetDecision.Reserved}. */
    protected static Reservation reserved(BudgetDecision decision) {
        assertThat(decision).isInstanceOf(BudgetDecision.Reserved.class);
        return ((BudgetDecision.Reserved) decision).reservation();
    }

    /** {@code decision} as {@link BudgetDecision.Exhausted}, failing the test when it is not. */
    protected static BudgetDecision.Exhausted exhausted(BudgetDecision decision) {
        assertThat(decision).isInstanceOf(BudgetDecision.Exhausted.class);
        return (BudgetDecision.Exhausted) decision;
    }
}
