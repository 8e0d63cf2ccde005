package ladder.core.access;

import java.util.Objects;
import java.util.Set;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;

/**
 * What one project may use; a project can only narrow what its team allows.
 *
 * @param name the project name; non-blank
 * @param maxTier the highest tier the project may use (the team's cap still applies)
 * @param models if non-empty, the only models the project may use (the team's list still applies)
 * @param monthlyBudget the project's spend cap per calendar month, or {@link Budget#UNLIMITED}
 */
public record ProjectConfig(String name, Tier maxTier, Set<ModelId> models, Money monthlyBudget) {

    public ProjectConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("project name must not be blank");
        }
        Objects.requireNonNull(maxTier, "maxTier");
        models = Set.copyOf(models);
        Budget.requireLimit("monthlyBudget", monthlyBudget);
    }

    /** A project that narrows nothing and has no budget. */
    public static ProjectConfig defaults(String name) {
        return new ProjectConfig(name, Tier.FRONTIER, Set.of(), Budget.UNLIMITED);
    }
}
