package ladder.core.route;

import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.Tier;

/**
 * One upstream call made for a step.
 *
 * @param kind how it came about
 * @param model the model called
 * @param tier its tier
 * @param floor the cheapest tier a fallback of this step may use
 * @param rule the rule that routed the step
 * @param startTier the tier the step was first routed to
 */
public record Attempt(AttemptKind kind, ModelId model, Tier tier, Tier floor, String rule, Tier startTier) {

    public Attempt {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(startTier, "startTier");
    }
}
