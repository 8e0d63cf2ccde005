package ladder.core.ledger;

import java.util.Objects;
import ladder.core.Money;

/**
 * What one upstream attempt cost: either priced exactly from a catalog version, or unpriced (unknown model, a usage
 * block that did not add up). Unpriced is never the same as $0: reports count it separately.
 */
public sealed interface CallCost {

    /** The amount, or zero when unpriced; use only where unpriced attempts are counted separately. */
    Money amountOrZero();

    /** Returns the cost {@code amount} priced from catalog version {@code priceVersion}. */
    static CallCost priced(Money amount, String priceVersion) {
        return new Priced(amount, priceVersion);
    }

    /** Returns the unpriced cost. */
    static CallCost unpriced() {
        return Unpriced.INSTANCE;
    }

    /**
     * An exact price.
     *
     * @param amount the cost in nano-dollars, {@code >= 0}
     * @param priceVersion the catalog version that priced it; non-blank
     */
    record Priced(Money amount, String priceVersion) implements CallCost {
        public Priced {
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(priceVersion, "priceVersion");
            if (amount.isNegative()) {
                throw new IllegalArgumentException("cost must be >= 0, was " + amount);
            }
            if (priceVersion.isBlank()) {
                throw new IllegalArgumentException("price version must not be blank");
            }
        }

        @Override
        public Money amountOrZero() {
            return amount;
        }
    }

    /** No price could be computed for the attempt. */
    enum Unpriced implements CallCost {
        INSTANCE;

        @Override
        public Money amountOrZero() {
            return Money.ZERO;
        }
    }
}
