package ladder.core.access;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ladder.core.Money;

/**
 * A {@link BudgetLedger} in process memory. One lock guards all accounts: a reservation touches up to three
 * accounts (team, project, task) and must be all-or-nothing, and the critical section is a few map look-ups.
 *
 * <p>Reservations time out only when the ledger is built with a clock and a timeout; expired ones are released
 * lazily, on the next call to the ledger.
 */
public final class InMemoryBudgetLedger implements BudgetLedger {

    private final Object lock = new Object();
    private final InstantSource clock;
    private final Duration timeout;
    private final boolean expires;
    private final Map<BudgetKey, long[]> accounts = new HashMap<>(); // [0] spent nanos, [1] reserved nanos
    private final Map<Long, Open> open = new HashMap<>();
    // Timed out but not yet settled: a late settle still records the spend, without releasing twice.
    private final Map<Long, Reservation> expired = new HashMap<>();
    private long nextId = 1;

    /** An empty ledger whose reservations never time out. */
    public InMemoryBudgetLedger() {
        this(InstantSource.fixed(Instant.EPOCH), Duration.ZERO, false);
    }

    /**
     * An empty ledger whose reservations stop counting {@code timeout} after they were made, as read from {@code
     * clock}.
     *
     * @param timeout the longest a call may take; positive
     */
    public InMemoryBudgetLedger(InstantSource clock, Duration timeout) {
        this(clock, timeout, true);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("reservation timeout must be positive, was " + timeout);
        }
    }

    private InMemoryBudgetLedger(InstantSource clock, Duration timeout, boolean expires) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.expires = expires;
    }

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
            Instant now = releaseExpired();
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
            open.put(reservation.id(), new Open(reservation, expires ? now.plus(timeout) : Instant.MAX));
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
            releaseExpired();
            Open held = open.remove(reservation.id());
            Reservation settled = held != null ? held.reservation() : expired.remove(reservation.id());
            if (settled == null) {
                return;
            }
            for (BudgetKey key : settled.keys()) {
                long[] account = accounts.get(key);
                if (held != null) {
                    account[1] -= settled.amount().nanos();
                }
                account[0] = Math.addExact(account[0], actual.nanos());
            }
        }
    }

    @Override
    public Money spent(BudgetKey key) {
        synchronized (lock) {
            releaseExpired();
            long[] account = accounts.get(key);
            return Money.ofNanos(account == null ? 0 : account[0]);
        }
    }

    @Override
    public Money reserved(BudgetKey key) {
        synchronized (lock) {
            releaseExpired();
            long[] account = accounts.get(key);
            return Money.ofNanos(account == null ? 0 : account[1]);
        }
    }

    /** Stops counting reservations whose timeout has passed; returns the time it read. Holds the lock. */
    private Instant releaseExpired() {
        if (!expires) {
            return Instant.EPOCH;
        }
        Instant now = clock.instant();
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open held = it.next();
            if (!now.isBefore(held.expiresAt())) {
                it.remove();
                for (BudgetKey key : held.reservation().keys()) {
                    accounts.get(key)[1] -= held.reservation().amount().nanos();
                }
                expired.put(held.reservation().id(), held.reservation());
            }
        }
        return now;
    }

    private record Open(Reservation reservation, Instant expiresAt) {}
}
