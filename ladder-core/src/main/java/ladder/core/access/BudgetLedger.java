package ladder.core.access;

import java.util.List;
import ladder.core.Money;

/**
 * The port that holds money against budgets. Routing reserves a call's worst-case cost before the call; the caller
 * settles the reservation to the actual cost after it (zero when the call failed before any usage).
 *
 * <p>Implementations must be safe for concurrent use and make {@link #reserve} atomic across all given budgets:
 * spend plus reservations in flight never exceeds a limit as long as every call settles at or below what it
 * reserved.
 */
public interface BudgetLedger {

    /**
     * Holds {@code amount} against every budget in {@code budgets}, or against none of them.
     *
     * @param budgets the budgets that apply; an empty list reserves nothing and returns {@link Reservation#NONE}
     * @param amount the worst-case cost; {@code >= 0}
     */
    BudgetDecision reserve(List<Budget> budgets, Money amount);

    /**
     * Releases {@code reservation} and records {@code actual} as spent on its accounts. Settling a reservation a
     * second time, or {@link Reservation#NONE}, does nothing.
     *
     * @param actual the call's real cost; {@code >= 0}
     */
    void settle(Reservation reservation, Money actual);

    /** What is settled against {@code key} so far. */
    Money spent(BudgetKey key);

    /** What is held against {@code key} for calls in flight. */
    Money reserved(BudgetKey key);
}
