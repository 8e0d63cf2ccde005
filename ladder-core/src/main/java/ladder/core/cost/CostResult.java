package ladder.core.cost;

import java.util.Objects;
import ladder.core.ModelId;

/** The outcome of pricing one call. Callers switch over the cases exhaustively. */
public sealed interface CostResult {

    /**
     * The call is priced.
     *
     * @param cost the exact cost with its line items
     */
    record Priced(Cost cost) implements CostResult {
        public Priced {
            Objects.requireNonNull(cost, "cost");
        }
    }

    /**
     * The catalog has no price for the model at the call's time. Never treat this as $0.
     *
     * @param model the model id as requested
     */
    record Unpriced(ModelId model) implements CostResult {
        public Unpriced {
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * The usage block is inconsistent (e.g. a cache-creation breakdown that does not add up) or too large to price.
     *
     * @param message one line naming the fields and numbers involved
     */
    record InvalidUsage(String message) implements CostResult {
        public InvalidUsage {
            Objects.requireNonNull(message, "message");
        }
    }
}
