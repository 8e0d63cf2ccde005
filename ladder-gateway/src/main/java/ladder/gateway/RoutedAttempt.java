package ladder.gateway;

import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.Tier;

/**
 * One upstream attempt already made for the current client call, as the {@link Router} sees it.
 *
 * @param model the model the attempt was sent to
 * @param tier the tier that model stood for
 * @param kind why the attempt was made
 */
public record RoutedAttempt(ModelId model, Tier tier, AttemptKind kind) {

    public RoutedAttempt {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(kind, "kind");
    }
}
