package ladder.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import ladder.core.ModelId;
import ladder.core.TaskId;
import ladder.core.Tier;

/**
 * Decides who may use which tiers and models, who may override a tier, and which budgets apply to a call. Immutable
 * and safe for concurrent use.
 */
public final class AccessPolicy {

    private final AccessConfig config;
    private final Map<String, Principal> principalsBySha256;

    private AccessPolicy(AccessConfig config) {
        this.config = config;
        Map<String, Principal> byHash = new HashMap<>();
        for (KeyEntry key : config.keys()) {
            byHash.put(key.sha256(), key.principal());
        }
        this.principalsBySha256 = Map.copyOf(byHash);
    }

    /** The policy for {@code config}. */
    public static AccessPolicy of(AccessConfig config) {
        return new AccessPolicy(Objects.requireNonNull(config, "config"));
    }

    /** The configuration this policy decides from. */
    public AccessConfig config() {
        return config;
    }

    /** The principal that owns the presented API key, or empty when the key is unknown. */
    public Optional<Principal> principalFor(String apiKey) {
        return Optional.ofNullable(principalsBySha256.get(sha256Hex(apiKey)));
    }

    /** The settings of {@code team}, or the defaults when the policy does not list it. */
    public TeamConfig team(String team) {
        TeamConfig configured = config.teams().get(team);
        return configured != null ? configured : TeamConfig.defaults(team);
    }

    /** The settings of {@code project}, or settings that narrow nothing when the policy does not list it. */
    public ProjectConfig project(String project) {
        ProjectConfig configured = config.projects().get(project);
        return configured != null ? configured : ProjectConfig.defaults(project);
    }

    /** The highest tier {@code principal} may use: the lower of its team's and its project's caps. */
    public Tier maxTier(Principal principal) {
        Tier team = team(principal.team()).maxTier();
        Tier project = project(principal.project()).maxTier();
        return team.isAbove(project) ? project : team;
    }

    /**
     * Whether {@code principal} may call {@code model} at {@code tier}: the tier must not be above {@link
     * #maxTier} and the model must be on the team's and the project's model lists when they have one.
     */
    public AccessDecision authorize(Principal principal, Tier tier, ModelId model) {
        Tier max = maxTier(principal);
        if (tier.isAbove(max)) {
            return new AccessDecision.Deny("team '" + principal.team() + "' / project '" + principal.project()
                    + "' may use tiers up to " + max + "; " + tier + " (" + model + ") is not allowed");
        }
        TeamConfig team = team(principal.team());
        if (!team.models().isEmpty() && !team.models().contains(model)) {
            return new AccessDecision.Deny("team '" + principal.team() + "' may use only models "
                    + sorted(team.models()) + "; " + model + " is not allowed");
        }
        ProjectConfig project = project(principal.project());
        if (!project.models().isEmpty() && !project.models().contains(model)) {
            return new AccessDecision.Deny("project '" + principal.project() + "' may use only models "
                    + sorted(project.models()) + "; " + model + " is not allowed");
        }
        return AccessDecision.ALLOW;
    }

    /** Whether {@code principal} may explicitly request {@code tier} (with a reason) instead of the routed one. */
    public boolean allowsOverride(Principal principal, Tier tier) {
        return team(principal.team()).overrideTiers().contains(tier);
    }

    /** What happens when {@code principal} names a concrete model. */
    public RequestedModelMode requestedModelMode(Principal principal) {
        return team(principal.team()).requestedModels();
    }

    /**
     * The budgets that apply to a call by {@code principal} in {@code task} at {@code at}: the team's and the
     * project's monthly budgets (months in the policy's budget zone) and the per-task cap, each only when set.
     */
    public List<Budget> budgetsFor(Principal principal, TaskId task, Instant at) {
        TeamConfig team = team(principal.team());
        ProjectConfig project = project(principal.project());
        boolean teamBudget = team.hasMonthlyBudget();
        boolean projectBudget = !project.monthlyBudget().equals(Budget.UNLIMITED);
        boolean taskBudget = !team.taskBudget().equals(Budget.UNLIMITED)
                || !config.taskBudget().equals(Budget.UNLIMITED);
        if (!teamBudget && !projectBudget && !taskBudget) {
            return List.of();
        }
        List<Budget> budgets = new ArrayList<>(3);
        ZonedDateTime local = at.atZone(config.budgetZone());
        YearMonth month = YearMonth.from(local);
        Instant resetsAt =
                month.plusMonths(1).atDay(1).atStartOfDay(config.budgetZone()).toInstant();
        if (teamBudget) {
            budgets.add(new Budget(
                    new BudgetKey(BudgetScope.TEAM_MONTH, principal.team(), month.toString()),
                    team.monthlyBudget(),
                    resetsAt));
        }
        if (projectBudget) {
            budgets.add(new Budget(
                    new BudgetKey(BudgetScope.PROJECT_MONTH, principal.project(), month.toString()),
                    project.monthlyBudget(),
                    resetsAt));
        }
        if (taskBudget) {
            var cap = team.taskBudget().equals(Budget.UNLIMITED) ? config.taskBudget() : team.taskBudget();
            budgets.add(new Budget(new BudgetKey(BudgetScope.TASK, task.value(), "task"), cap, Instant.MAX));
        }
        return List.copyOf(budgets);
    }

    /** The lower-case hex SHA-256 of {@code apiKey}'s UTF-8 bytes, as policy files store keys. */
    public static String sha256Hex(String apiKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-256 (MessageDigest Javadoc)
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static List<String> sorted(Set<ModelId> models) {
        return models.stream().map(ModelId::value).sorted().toList();
    }
}
