package ladder.core.access;

import java.util.Objects;
import ladder.core.Money;

/** The outcome of {@link BudgetLedger#reserve}. */
public sealed interface BudgetDecision {

    /** The amount is held against every budget; settle it after the call. */
    record Reserved(Reservation reservation) implements BudgetDecision {
        public Reserved {
            Objects.requireNonNull(reservation, "reservation");
        }
    }

    /**
     * A budget cannot hold the amount; nothing was reserved anywhere.
     *
     * @param budget the first budget that could not hold it
     * @param spent what is settled against it so far
     * @param reserved what is held for calls in flight
     * @param requested what this call asked to hold
     */
    record Exhausted(Budget budget, Money spent, Money reserved, Money requested) implements BudgetDecision {
        public Exhausted {
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(spent, "spent");
            Objects.requireNonNull(reserved, "reserved");
            Objects.requireNonNull(requested, "requested");
        }

        /** One line for the caller: which budget, its limit, what is spent and when it resets. */
        public String message() {
            return budget.key()
                    + " is exhausted: limit " + budget.limit()
                    + ", spent " + spent
                    + ", reserved for calls in flight " + reserved
                    + ", this call needs up to " + requested
                    + (budget.resets() ? "; resets " + budget.resetsAt() : "; a per-task cap does not reset");
        }
    }
}
