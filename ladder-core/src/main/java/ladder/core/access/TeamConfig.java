package ladder.core.access;

import java.util.Objects;
import java.util.Set;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;

/**
 * What one team may use.
 *
 * @param name the team name; non-blank
 * @param maxTier the highest tier the team may use; {@link Tier#FRONTIER} must be granted explicitly
 * @param models if non-empty, the only concrete models the team may use; empty means any model of an allowed tier
 * @param requestedModels what happens when a client of this team names a concrete model
 * @param overrideTiers tiers a caller of this team may request explicitly (with a reason); empty means no overrides
 * @param monthlyBudget the team's spend cap per calendar month, or {@link Budget#UNLIMITED}
 * @param taskBudget the cap per task for this team, or {@link Budget#UNLIMITED} to use the policy-wide cap
 */
public record TeamConfig(
        String name,
        Tier maxTier,
        Set<ModelId> models,
        RequestedModelMode requestedModels,
        Set<Tier> overrideTiers,
        Money monthlyBudget,
        Money taskBudget) {

    /** The highest tier a team may use unless the policy says otherwise; frontier needs an explicit allowance. */
    public static final Tier DEFAULT_MAX_TIER = Tier.LARGE;

    public TeamConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("team name must not be blank");
        }
        Objects.requireNonNull(maxTier, "maxTier");
        models = Set.copyOf(models);
        Objects.requireNonNull(requestedModels, "requestedModels");
        overrideTiers = Set.copyOf(overrideTiers);
        Budget.requireLimit("monthlyBudget", monthlyBudget);
        Budget.requireLimit("taskBudget", taskBudget);
    }

    /** A team with the defaults: up to {@code large}, any model, requested models routed, no overrides, no budget. */
    public static TeamConfig defaults(String name) {
        return new TeamConfig(
                name,
                DEFAULT_MAX_TIER,
                Set.of(),
                RequestedModelMode.ROUTE,
                Set.of(),
                Budget.UNLIMITED,
                Budget.UNLIMITED);
    }

    /** Whether the team has a monthly budget. */
    public boolean hasMonthlyBudget() {
        return !monthlyBudget.equals(Budget.UNLIMITED);
    }
}
