package ladder.core.route;

import java.util.Objects;
import ladder.core.Tier;

/**
 * Where a step type starts when no rule matches.
 *
 * @param tier the starting tier
 * @param floor the cheapest tier a fallback may go down to; {@code <= tier}
 */
public record StepRule(Tier tier, Tier floor) {

    public StepRule {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(floor, "floor");
        if (floor.isAbove(tier)) {
            throw new IllegalArgumentException("step floor " + floor + " is above its tier " + tier);
        }
    }

    /** A step rule that never falls back below {@code tier}. */
    public static StepRule at(Tier tier) {
        return new StepRule(tier, tier);
    }
}
