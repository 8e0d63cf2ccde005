package ladder.core.access;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ladder.core.Money;

/**
 * The access part of a policy: keys, teams, projects and budgets.
 *
 * @param keys the API keys Ladder accepts, each mapped to a principal
 * @param teams team settings by name; a team not listed gets {@link TeamConfig#defaults}
 * @param projects project settings by name; a project not listed narrows nothing
 * @param budgetZone the zone whose calendar months monthly budgets follow ({@code UTC} unless configured)
 * @param taskBudget the policy-wide cap per task, or {@link Budget#UNLIMITED}; a team's own cap wins
 */
public record AccessConfig(
        List<KeyEntry> keys,
        Map<String, TeamConfig> teams,
        Map<String, ProjectConfig> projects,
        ZoneId budgetZone,
        Money taskBudget) {

    /** Months are UTC months unless the policy names another zone. */
    public static final ZoneId DEFAULT_BUDGET_ZONE = ZoneOffset.UTC;

    public AccessConfig {
        keys = List.copyOf(keys);
        teams = Map.copyOf(teams);
        projects = Map.copyOf(projects);
        Objects.requireNonNull(budgetZone, "budgetZone");
        Budget.requireLimit("taskBudget", taskBudget);
    }

    /** No keys, no team or project settings, no budgets. */
    public static AccessConfig open() {
        return new AccessConfig(List.of(), Map.of(), Map.of(), DEFAULT_BUDGET_ZONE, Budget.UNLIMITED);
    }
}
