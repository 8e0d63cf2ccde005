package ladder.core.access;

import java.util.List;
import java.util.Objects;
import ladder.core.Money;

/**
 * Money held against budgets for one upstream call until it is settled.
 *
 * @param id unique within the ledger that issued it; {@code 0} for {@link #NONE}
 * @param keys the accounts the amount is held against; empty when no budget applied
 * @param amount the worst-case cost held; {@code >= 0}
 */
public record Reservation(long id, List<BudgetKey> keys, Money amount) {

    /** Nothing held: no budget applied to the call. Settling it is a no-op. */
    public static final Reservation NONE = new Reservation(0, List.of(), Money.ZERO);

    public Reservation {
        keys = List.copyOf(keys);
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("reservation amount must be >= 0, was " + amount);
        }
    }

    /** Whether nothing is held. */
    public boolean isNone() {
        return keys.isEmpty();
    }
}
