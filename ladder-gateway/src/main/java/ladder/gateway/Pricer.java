package ladder.gateway;

import java.time.Instant;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Usage;

/** The gateway's port to the cost engine: the exact price of one upstream attempt. */
public interface Pricer {

    /**
     * Prices {@code usage} on {@code model} with the catalog in force at {@code at}.
     *
     * @param batch whether the call went through the Message Batches API (batch rates)
     * @return the exact cost, or empty when the model is not in the catalog (unpriced, never $0)
     */
    Optional<Money> cost(ModelId model, Usage usage, boolean batch, Instant at);
}
