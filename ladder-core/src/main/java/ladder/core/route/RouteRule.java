package ladder.core.route;

import java.util.Objects;
import ladder.core.Tier;

/**
 * One routing rule: when {@code match} holds, the call starts at {@code tier}.
 *
 * @param name how explanations and lint name the rule; non-blank
 * @param match the conditions
 * @param tier the starting tier
 * @param floor the cheapest tier a fallback may go down to for this call; {@code <= tier}
 */
public record RouteRule(String name, RuleMatch match, Tier tier, Tier floor) {

    public RouteRule {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("rule name must not be blank");
        }
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(floor, "floor");
        if (floor.isAbove(tier)) {
            throw new IllegalArgumentException("rule '" + name + "': floor " + floor + " is above its tier " + tier);
        }
    }

    /** A rule whose fallbacks never go below its tier. */
    public static RouteRule of(String name, RuleMatch match, Tier tier) {
        return new RouteRule(name, match, tier, tier);
    }
}
