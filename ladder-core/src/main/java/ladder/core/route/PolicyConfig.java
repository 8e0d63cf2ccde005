package ladder.core.route;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.Tier;
import ladder.core.access.AccessConfig;

/**
 * A whole routing policy as loaded from a policy file (or {@link #defaults()}): immutable and already valid.
 *
 * @param priceVersion the catalog version the policy was tuned against; empty when the file does not record one
 * @param defaultTier where a call without a step type (or with an unknown one) starts
 * @param steps where each known step type starts when no rule matches
 * @param tierModels per-policy tier-to-model mapping; a tier not listed maps through the {@link ModelLadder}
 * @param rules route rules in file order; the first whose conditions all hold decides
 * @param escalation when a step may go one tier up
 * @param fallback what to do when an upstream call errors
 * @param access keys, teams, projects, budgets
 */
public record PolicyConfig(
        String priceVersion,
        Tier defaultTier,
        Map<StepType, StepRule> steps,
        Map<Tier, ModelId> tierModels,
        List<RouteRule> rules,
        EscalationConfig escalation,
        FallbackConfig fallback,
        AccessConfig access) {

    /** Where calls without a step type start unless configured. */
    public static final Tier DEFAULT_TIER = Tier.MEDIUM;

    public PolicyConfig {
        Objects.requireNonNull(priceVersion, "priceVersion");
        Objects.requireNonNull(defaultTier, "defaultTier");
        steps = Map.copyOf(steps);
        tierModels = Map.copyOf(tierModels);
        rules = List.copyOf(rules);
        Objects.requireNonNull(escalation, "escalation");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(access, "access");
    }

    /** The built-in step types at their default tiers, none allowed below its tier. */
    public static Map<StepType, StepRule> defaultSteps() {
        Map<StepType, StepRule> steps = new HashMap<>();
        StepType.DEFAULT_TIERS.forEach((step, tier) -> steps.put(step, StepRule.at(tier)));
        return steps;
    }

    /**
     * The policy Ladder ships: default step tiers, no rules, default escalation and fallback, every team up to
     * {@code large} with no budgets, and no keys.
     */
    public static PolicyConfig defaults() {
        return new PolicyConfig(
                "",
                DEFAULT_TIER,
                defaultSteps(),
                new EnumMap<>(Tier.class),
                List.of(),
                EscalationConfig.defaults(),
                FallbackConfig.defaults(),
                AccessConfig.open());
    }
}
