package ladder.core.route;

import java.time.Instant;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;

/** What routing needs from the price catalog. Implementations are immutable or safe for concurrent use. */
public interface ModelLadder {

    /** The model {@code tier} maps to by default at {@code at}, or empty when the catalog maps none. */
    Optional<ModelId> modelFor(Tier tier, Instant at);

    /** The tier of a known model (aliases resolved) at {@code at}, or empty for a model the catalog does not know. */
    Optional<Tier> tierOf(ModelId model, Instant at);

    /**
     * The most a call can cost: {@code inputTokens} at the model's input rate plus {@code maxOutputTokens} at its
     * output rate, or empty when the model is unpriced.
     */
    Optional<Money> worstCaseCost(ModelId model, long inputTokens, long maxOutputTokens, Instant at);

    /** The version id of the catalog in force at {@code at} (compared with a policy's {@code price-version}). */
    String priceVersion(Instant at);
}
