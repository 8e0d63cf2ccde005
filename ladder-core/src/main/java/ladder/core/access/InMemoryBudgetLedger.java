package ladder.core.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ladder.core.Money;

/**
 * A {@link BudgetLedger} in process memory. One lock guards all accounts: a reservation touches up to three
 * accounts (team, project, task) and must be all-or-nothing, and the critical section is a few map look-ups.
 */
public final class InMemoryBudgetLedger implements BudgetLedger {

    private final Object lock = new Object();
    private final Map<BudgetKey, long[]> accounts = new HashMap<>(); // [0] spent nanos, [1] reserved nanos
    private final Map<Long, Reservation> open = new HashMap<>();
    private long nextId = 1;

    /** An empty ledger. */
    public InMemoryBudgetLedger() {}

    @Override
    public BudgetDecision reserve(List<Budget> budgets, Money amount) {
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("reserve amount must be >= 0, was " + amount);
        }
        if (budgets.isEmpty()) {
            return new BudgetDecision.Reserved(Reservation.NONE);
        }
        synchronized (lock) {
            for (Budget budget : budgets) {
                long[] account = accounts.getOrDefault(budget.key(), new long[2]);
                // headroom = limit - spent - reserved; compared without adding, so UNLIMITED cannot overflow
                long headroom = budget.limit().nanos() - account[0] - account[1];
                if (amount.nanos() > headroom) {
                    return new BudgetDecision.Exhausted(
                            budget, Money.ofNanos(account[0]), Money.ofNanos(account[1]), amount);
                }
            }
            List<BudgetKey> keys = new ArrayList<>(budgets.size());
            for (Budget budget : budgets) {
                accounts.computeIfAbsent(budget.key(), k -> new long[2])[1] += amount.nanos();
                keys.add(budget.key());
            }
            Reservation reservation = new Reservation(nextId++, keys, amount);
            open.put(reservation.id(), reservation);
            return new BudgetDecision.Reserved(reservation);
        }
    }

    @Override
    public void settle(Reservation reservation, Money actual) {
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(actual, "actual");
        if (actual.isNegative()) {
            throw new IllegalArgumentException("actual cost must be >= 0, was " + actual);
        }
        if (reservation.isNone()) {
            return;
        }
        synchronized (lock) {
            if (open.remove(reservation.id()) == null) {
                return;
            }
            for (BudgetKey key : reservation.keys()) {
                long[] account = accounts.get(key);
                account[1] -= reservation.amount().nanos();
                account[0] = Math.addExact(account[0], actual.nanos());
            }
        }
    }

    @Override
    public Money spent(BudgetKey key) {
        synchronized (lock) {
            long[] account = accounts.get(key);
            return Money.ofNanos(account == null ? 0 : account[0]);
        }
    }

    @Override
    public Money reserved(BudgetKey key) {
        synchronized (lock) {
            long[] account = accounts.get(key);
            return Money.ofNanos(account == null ? 0 : account[1]);
        }
    }
}
