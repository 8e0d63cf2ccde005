package ladder.core.route;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.access.AccessConfig;
import ladder.core.access.Budget;
import ladder.core.access.Principal;
import ladder.core.access.ProjectConfig;
import ladder.core.access.RequestedModelMode;
import ladder.core.access.TeamConfig;

/** Test helpers: small policies and requests. */
final class Policies {

    static final Instant AT = Instant.parse("2026-11-15T12:00:00Z");
    static final Principal SEARCH = Principal.of("search", "indexer");

    private Policies() {}

    static PolicyConfig withRules(RouteRule... rules) {
        PolicyConfig d = PolicyConfig.defaults();
        return new PolicyConfig(
                d.priceVersion(),
                d.defaultTier(),
                d.steps(),
                d.tierModels(),
                List.of(rules),
                d.escalation(),
                d.fallback(),
                d.access());
    }

    static PolicyConfig withAccess(PolicyConfig base, AccessConfig access) {
        return new PolicyConfig(
                base.priceVersion(),
                base.defaultTier(),
                base.steps(),
                base.tierModels(),
                base.rules(),
                base.escalation(),
                base.fallback(),
                access);
    }

    static PolicyConfig withFallback(PolicyConfig base, FallbackConfig fallback) {
        return new PolicyConfig(
                base.priceVersion(),
                base.defaultTier(),
                base.steps(),
                base.tierModels(),
                base.rules(),
                base.escalation(),
                fallback,
                base.access());
    }

    static AccessConfig teams(TeamConfig... teams) {
        Map<String, TeamConfig> map = new java.util.HashMap<>();
        for (TeamConfig team : teams) {
            map.put(team.name(), team);
        }
        return new AccessConfig(List.of(), map, Map.of(), AccessConfig.DEFAULT_BUDGET_ZONE, Budget.UNLIMITED);
    }

    static AccessConfig teamsAndProjects(List<TeamConfig> teams, List<ProjectConfig> projects, Money taskBudget) {
        Map<String, TeamConfig> t = new java.util.HashMap<>();
        teams.forEach(team -> t.put(team.name(), team));
        Map<String, ProjectConfig> p = new java.util.HashMap<>();
        projects.forEach(project -> p.put(project.name(), project));
        return new AccessConfig(List.of(), t, p, AccessConfig.DEFAULT_BUDGET_ZONE, taskBudget);
    }

    static TeamConfig team(String name, Tier max) {
        return new TeamConfig(
                name, max, Set.of(), RequestedModelMode.ROUTE, Set.of(), Budget.UNLIMITED, Budget.UNLIMITED);
    }

    static TeamConfig team(String name, Tier max, RequestedModelMode mode, Set<Tier> overrides, Money monthly) {
        return new TeamConfig(name, max, Set.of(), mode, overrides, monthly, Budget.UNLIMITED);
    }

    static RouteRequest.Builder request() {
        return RouteRequest.builder(SEARCH, TaskId.of("task-1"), AT)
                .inputTokens(1_000)
                .maxTokens(1_000);
    }

    static RouteRequest.Builder request(String step) {
        return request().stepType(step);
    }

    static Map<Tier, ladder.core.ModelId> noTierModels() {
        return new EnumMap<>(Tier.class);
    }
}
