package ladder.core.access;

import java.time.Duration;
import java.util.List;
import ladder.core.Money;

/**
 * The port that holds money against budgets. Routing reserves a call's worst-case cost before the call; the caller
 * settles the reservation to the actual cost after it (zero when the call failed before any usage).
 *
 * <p>Implementations must be safe for concurrent use and make {@link #reserve} atomic across all given budgets:
 * spend plus reservations in flight never exceeds a limit as long as every call settles at or below what it
 * reserved.
 *
 * <p>A ledger may give reservations a timeout (the longest a call may take): a reservation not settled within it
 * stops counting as in flight, so a request killed mid-way (a crashed gateway) cannot hold budget forever. Settling
 * it later still records the actual cost as spent, once.
 */
public interface BudgetLedger {

    /** How long a reservation counts as in flight unless configured otherwise: the longest a call may take. */
    Duration DEFAULT_RESERVATION_TIMEOUT = Duration.ofMinutes(15);

    /**
     * Holds {@code amount} against every budget in {@code budgets}, or against none of them.
     *
     * @param budgets the budgets that apply; an empty list reserves nothing and returns {@link Reservation#NONE}
     * @param amount the worst-case cost; {@code >= 0}
     */
    BudgetDecision reserve(List<Budget> budgets, Money amount);

    /**
     * Releases {@code reservation} and records {@code actual} as spent on its accounts. Settling a reservation a
     * second time, or {@link Reservation#NONE}, does nothing. A reservation that timed out is settled the same way:
     * it no longer counted as in flight, and {@code actual} is recorded as spent.
     *
     * @param actual the call's real cost; {@code >= 0}
     */
    void settle(Reservation reservation, Money actual);

    /** What is settled against {@code key} so far. */
    Money spent(BudgetKey key);

    /** What is held against {@code key} for calls in flight (reservations neither settled nor timed out). */
    Money reserved(BudgetKey key);
}
