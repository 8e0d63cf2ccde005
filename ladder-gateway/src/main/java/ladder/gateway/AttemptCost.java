package ladder.gateway;

import java.util.Objects;
import ladder.core.Money;

/** The price of one upstream attempt: exact, or unknown because the model is not in the catalog. */
public sealed interface AttemptCost {

    /** The exact cost. */
    record Priced(Money cost) implements AttemptCost {
        public Priced {
            Objects.requireNonNull(cost, "cost");
        }
    }

    /** The model is not in the catalog; never read as $0. */
    record Unpriced() implements AttemptCost {}
}
