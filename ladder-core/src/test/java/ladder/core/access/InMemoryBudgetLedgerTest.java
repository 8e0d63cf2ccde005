package ladder.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import ladder.core.Money;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class InMemoryBudgetLedgerTest {

    private static final Instant RESET = Instant.parse("2026-12-01T00:00:00Z");
    private static final Budget TEAM =
            new Budget(new BudgetKey(BudgetScope.TEAM_MONTH, "search", "2026-11"), Money.ofUsd(10), RESET);
    private static final Budget PROJECT =
            new Budget(new BudgetKey(BudgetScope.PROJECT_MONTH, "indexer", "2026-11"), Money.ofUsd(4), RESET);

    @Test
    void reserve_allOrNothing_acrossBudgets() {
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger();
        assertThat(ledger.reserve(List.of(TEAM, PROJECT), Money.ofUsd(3))).isInstanceOf(BudgetDecision.Reserved.class);
        BudgetDecision second = ledger.reserve(List.of(TEAM, PROJECT), Money.ofUsd(3));
        assertThat(second).isInstanceOfSatisfying(BudgetDecision.Exhausted.class, e -> {
            assertThat(e.budget()).isEqualTo(PROJECT);
            assertThat(e.reserved()).isEqualTo(Money.ofUsd(3));
        });
        assertThat(ledger.reserved(TEAM.key())).isEqualTo(Money.ofUsd(3));
    }

    @Test
    void settle_movesReservationToSpent_onceOnly() {
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger();
        Reservation r = ((BudgetDecision.Reserved) ledger.reserve(List.of(TEAM), Money.ofUsd(2))).reservation();
        ledger.settle(r, Money.parseUsd("0.5"));
        ledger.settle(r, Money.parseUsd("0.5"));
        assertThat(ledger.spent(TEAM.key())).isEqualTo(Money.parseUsd("0.5"));
        assertThat(ledger.reserved(TEAM.key())).isEqualTo(Money.ZERO);
    }

    @Test
    void reserve_noBudgets_returnsNone() {
        assertThat(new InMemoryBudgetLedger().reserve(List.of(), Money.ofUsd(1)))
                .isEqualTo(new BudgetDecision.Reserved(Reservation.NONE));
    }

    @Test
    void reserve_unlimited_neverOverflows() {
        Budget unlimited = new Budget(new BudgetKey(BudgetScope.TASK, "t", "task"), Budget.UNLIMITED, Instant.MAX);
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger();
        assertThat(ledger.reserve(List.of(unlimited), Money.ofUsd(1_000_000)))
                .isInstanceOf(BudgetDecision.Reserved.class);
    }

    /** Real threads: spend plus in-flight reservations never passes the limit while calls settle at or below. */
    @Property(tries = 15)
    void concurrentReservations_neverPassBudget(
            @ForAll @IntRange(min = 2, max = 4) int threads, @ForAll @LongRange(min = 1, max = 1_000) long seed)
            throws Exception {
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger();
        Budget budget = new Budget(new BudgetKey(BudgetScope.TEAM_MONTH, "t", "2026-11"), Money.ofUsd(1), RESET);
        AtomicLong maxSeen = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(seed * 31 + t);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 300; i++) {
                        Money amount = Money.ofNanos(random.nextLong(1, 60_000_000));
                        if (ledger.reserve(List.of(budget), amount) instanceof BudgetDecision.Reserved r) {
                            long used = ledger.spent(budget.key()).nanos()
                                    + ledger.reserved(budget.key()).nanos();
                            maxSeen.accumulateAndGet(used, Math::max);
                            ledger.settle(r.reservation(), Money.ofNanos(random.nextLong(0, amount.nanos() + 1)));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.spent(budget.key())).isLessThanOrEqualTo(budget.limit());
        assertThat(ledger.reserved(budget.key())).isEqualTo(Money.ZERO);
        assertThat(maxSeen.get()).isLessThanOrEqualTo(budget.limit().nanos());
    }
}
