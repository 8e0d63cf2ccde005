package ladder.app.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;
import ladder.core.access.AccessConfig;
import ladder.core.access.Budget;
import ladder.core.access.KeyEntry;
import ladder.core.access.Principal;
import ladder.core.access.ProjectConfig;
import ladder.core.access.RequestedModelMode;
import ladder.core.access.TeamConfig;
import ladder.core.route.Backoff;
import ladder.core.route.EscalationConfig;
import ladder.core.route.EscalationReason;
import ladder.core.route.FailureClass;
import ladder.core.route.FallbackAction;
import ladder.core.route.FallbackConfig;
import ladder.core.route.LongRange;
import ladder.core.route.PolicyConfig;
import ladder.core.route.RouteRule;
import ladder.core.route.RuleMatch;
import ladder.core.route.ScoreRange;
import ladder.core.route.StepRule;
import ladder.core.route.StepType;
import ladder.core.route.ToolsCondition;

/**
 * Reads and validates a routing policy file (YAML; see README "Routing policy" and {@code
 * schemas/policy.schema.json}). Collects every error before failing; each names the file, the line and the field,
 * and says what would be valid.
 */
public final class PolicyLoader {

    private static final String TIERS = "small, medium, large, frontier";
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    private static final Set<String> TOP_KEYS = ordered(
            "price-version",
            "default-tier",
            "tier-models",
            "steps",
            "rules",
            "escalation",
            "fallback",
            "budgets",
            "teams",
            "projects",
            "keys");
    private static final Set<String> RULE_KEYS = ordered("name", "when", "tier", "floor");
    private static final Set<String> WHEN_KEYS =
            ordered("step", "team", "project", "input-tokens", "tools", "failures", "difficulty", "requested-model");
    private static final Set<String> STEP_KEYS = ordered("tier", "floor");
    private static final Set<String> RANGE_KEYS = ordered("min", "max");
    private static final Set<String> ESCALATION_KEYS = ordered("max-per-step", "max-per-task", "on");
    private static final Set<String> FALLBACK_KEYS =
            ordered("max-attempts", "max-retry-after", "backoff", "on", "chains");
    private static final Set<String> BACKOFF_KEYS = ordered("initial", "max", "multiplier", "jitter");
    private static final Set<String> BUDGET_KEYS = ordered("zone", "per-task");
    private static final Set<String> TEAM_KEYS =
            ordered("max-tier", "models", "requested-models", "overrides", "monthly-budget", "per-task");
    private static final Set<String> PROJECT_KEYS = ordered("max-tier", "models", "monthly-budget");
    private static final Set<String> KEY_KEYS = ordered("name", "sha256", "team", "project");

    private final String source;
    private final List<String> errors = new ArrayList<>();
    private final Map<String, Integer> lines = new HashMap<>();

    private PolicyLoader(String source) {
        this.source = source;
    }

    /**
     * Loads the policy in {@code file}.
     *
     * @throws InvalidPolicyException listing every problem, when the file is missing, unreadable or invalid
     */
    public static LoadedPolicy load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidPolicyException(List.of(file + ": no such policy file"));
        } catch (IOException e) {
            throw new InvalidPolicyException(List.of(file + ": cannot read policy file: " + e.getMessage()));
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses policy {@code text}; {@code source} names it in messages.
     *
     * @throws InvalidPolicyException listing every problem
     */
    public static LoadedPolicy parse(String source, String text) {
        return new PolicyLoader(source).read(text);
    }

    private LoadedPolicy read(String text) {
        YamlNode root;
        List<String> duplicates = new ArrayList<>();
        try {
            root = YamlNode.parse(text, duplicates);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new InvalidPolicyException(
                    List.of(source + ":" + line + ": not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidPolicyException(List.of(source + ": cannot read policy: " + e.getMessage()));
        }
        for (String duplicate : duplicates) {
            String[] parts = duplicate.split("\u0000", 2);
            errors.add(source + ":" + parts[0] + ": " + parts[1] + ": duplicate key; each key may appear once");
        }
        PolicyConfig config = policy(root);
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return new LoadedPolicy(source, config, lines);
    }

    // ---- sections --------------------------------------------------------------------------------------------

    private PolicyConfig policy(YamlNode root) {
        Map<String, YamlNode> top = mapping(root, "(top level)", TOP_KEYS);
        PolicyConfig defaults = PolicyConfig.defaults();
        String priceVersion =
                opt(top, "price-version").map(n -> text(n, "price-version")).orElse("");
        Tier defaultTier =
                opt(top, "default-tier").map(n -> tier(n, "default-tier")).orElse(PolicyConfig.DEFAULT_TIER);
        Map<Tier, ModelId> tierModels = new EnumMap<>(Tier.class);
        opt(top, "tier-models").ifPresent(n -> {
            Map<String, YamlNode> entries = mapping(n, "tier-models", null);
            entries.forEach((key, value) -> {
                String path = "tier-models." + key;
                Tier tier = parseTier(key, keyLine(n, key), path);
                ModelId model = model(value, path);
                if (tier != null && model != null) {
                    tierModels.put(tier, model);
                }
            });
        });
        Map<StepType, StepRule> steps = PolicyConfig.defaultSteps();
        opt(top, "steps").ifPresent(n -> steps.putAll(steps(n)));
        List<RouteRule> rules = opt(top, "rules").map(this::rules).orElse(List.of());
        EscalationConfig escalation =
                opt(top, "escalation").map(this::escalation).orElse(defaults.escalation());
        FallbackConfig fallback = opt(top, "fallback").map(this::fallback).orElse(defaults.fallback());
        AccessConfig access = access(top);
        if (!errors.isEmpty()) {
            return defaults;
        }
        return new PolicyConfig(priceVersion, defaultTier, steps, tierModels, rules, escalation, fallback, access);
    }

    private Map<StepType, StepRule> steps(YamlNode node) {
        Map<StepType, StepRule> steps = new HashMap<>();
        mapping(node, "steps", null).forEach((key, value) -> {
            String path = "steps." + key;
            StepType step = stepType(key, keyLine(node, key), path);
            StepRule rule;
            if (value instanceof YamlNode.Mapping) {
                Map<String, YamlNode> m = mapping(value, path, STEP_KEYS);
                Tier tier = required(m, value, path, "tier")
                        .map(n -> tier(n, path + ".tier"))
                        .orElse(null);
                Tier floor = opt(m, "floor").map(n -> tier(n, path + ".floor")).orElse(tier);
                rule = floorRule(tier, floor, m.get("floor"), path, StepRule::new);
            } else {
                Tier tier = tier(value, path);
                rule = tier == null ? null : StepRule.at(tier);
            }
            if (step != null && rule != null) {
                steps.put(step, rule);
            }
        });
        return steps;
    }

    private List<RouteRule> rules(YamlNode node) {
        List<RouteRule> rules = new ArrayList<>();
        List<YamlNode> items = sequence(node, "rules");
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "rules[" + i + "]";
            YamlNode item = items.get(i);
            Map<String, YamlNode> m = mapping(item, path, RULE_KEYS);
            String name = opt(m, "name").map(n -> text(n, path + ".name")).orElse("rule-" + (i + 1));
            if (name != null && !names.add(name)) {
                error(m.get("name"), path + ".name", "rule name '" + name + "' is used twice; names must be unique");
            }
            RuleMatch match = opt(m, "when").map(n -> when(n, path + ".when")).orElse(RuleMatch.ANY);
            Tier tier = required(m, item, path, "tier")
                    .map(n -> tier(n, path + ".tier"))
                    .orElse(null);
            Tier floor = opt(m, "floor").map(n -> tier(n, path + ".floor")).orElse(tier);
            String ruleName = name == null ? "rule-" + (i + 1) : name;
            RouteRule rule =
                    floorRule(tier, floor, m.get("floor"), path, (t, f) -> new RouteRule(ruleName, match, t, f));
            if (rule != null && match != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private RuleMatch when(YamlNode node, String path) {
        Map<String, YamlNode> m = mapping(node, path, WHEN_KEYS);
        int before = errors.size();
        Set<StepType> steps = new LinkedHashSet<>();
        opt(m, "step")
                .ifPresent(n -> strings(n, path + ".step").forEach(item -> {
                    StepType step = stepType(item.text(), item.line(), path + ".step");
                    if (step != null) {
                        steps.add(step);
                    }
                }));
        Set<String> teams = new LinkedHashSet<>(
                opt(m, "team").map(n -> texts(n, path + ".team")).orElse(List.of()));
        Set<String> projects = new LinkedHashSet<>(
                opt(m, "project").map(n -> texts(n, path + ".project")).orElse(List.of()));
        LongRange tokens = opt(m, "input-tokens")
                .map(n -> longRange(n, path + ".input-tokens"))
                .orElse(LongRange.ANY);
        ToolsCondition tools = opt(m, "tools")
                .map(n -> bool(n, path + ".tools"))
                .map(b -> b ? ToolsCondition.PRESENT : ToolsCondition.ABSENT)
                .orElse(ToolsCondition.ANY);
        LongRange failures =
                opt(m, "failures").map(n -> longRange(n, path + ".failures")).orElse(LongRange.ANY);
        ScoreRange difficulty = opt(m, "difficulty")
                .map(n -> scoreRange(n, path + ".difficulty"))
                .orElse(ScoreRange.ANY);
        Set<ModelId> requested = new LinkedHashSet<>();
        opt(m, "requested-model")
                .ifPresent(n -> texts(n, path + ".requested-model").forEach(v -> requested.add(ModelId.of(v))));
        if (errors.size() > before) {
            return null;
        }
        return new RuleMatch(steps, teams, projects, tokens, tools, failures, difficulty, requested);
    }

    private EscalationConfig escalation(YamlNode node) {
        Map<String, YamlNode> m = mapping(node, "escalation", ESCALATION_KEYS);
        int perStep = opt(m, "max-per-step")
                .map(n -> (int) whole(n, "escalation.max-per-step", 0, 10))
                .orElse(EscalationConfig.DEFAULT_MAX_PER_STEP);
        int perTask = opt(m, "max-per-task")
                .map(n -> (int) whole(n, "escalation.max-per-task", 0, 100))
                .orElse(EscalationConfig.DEFAULT_MAX_PER_TASK);
        Set<EscalationReason> triggers = EnumSet.allOf(EscalationReason.class);
        if (m.containsKey("on")) {
            triggers = EnumSet.noneOf(EscalationReason.class);
            for (Item item : strings(m.get("on"), "escalation.on")) {
                try {
                    triggers.add(EscalationReason.parse(item.text()));
                } catch (IllegalArgumentException ex) {
                    error(item.line(), "escalation.on", ex.getMessage());
                }
            }
        }
        return new EscalationConfig(Math.max(perStep, 0), Math.max(perTask, 0), triggers);
    }

    private FallbackConfig fallback(YamlNode node) {
        FallbackConfig d = FallbackConfig.defaults();
        Map<String, YamlNode> m = mapping(node, "fallback", FALLBACK_KEYS);
        int attempts = opt(m, "max-attempts")
                .map(n -> (int) whole(n, "fallback.max-attempts", 1, 10))
                .orElse(FallbackConfig.DEFAULT_MAX_ATTEMPTS);
        Duration maxRetryAfter = opt(m, "max-retry-after")
                .map(n -> duration(n, "fallback.max-retry-after"))
                .orElse(FallbackConfig.DEFAULT_MAX_RETRY_AFTER);
        Backoff backoff = opt(m, "backoff").map(this::backoff).orElse(Backoff.DEFAULT);
        Map<FailureClass, FallbackAction> actions = new EnumMap<>(d.actions());
        opt(m, "on").ifPresent(n -> {
            YamlNode.Mapping on = n instanceof YamlNode.Mapping mm ? mm : null;
            mapping(n, "fallback.on", null).forEach((key, value) -> {
                String path = "fallback.on." + key;
                FailureClass kind = null;
                try {
                    kind = FailureClass.parse(key);
                } catch (IllegalArgumentException e) {
                    error(keyLine(on, key), path, e.getMessage());
                }
                FallbackAction action = null;
                String text = text(value, path);
                if (text != null) {
                    try {
                        action = FallbackAction.parse(text);
                    } catch (IllegalArgumentException e) {
                        error(value, path, e.getMessage());
                    }
                }
                if (kind != null && action != null) {
                    actions.put(kind, action);
                }
            });
        });
        Map<ModelId, List<ModelId>> chains = d.chains();
        if (m.containsKey("chains")) {
            Map<ModelId, List<ModelId>> configured = new HashMap<>();
            YamlNode chainsNode = m.get("chains");
            mapping(chainsNode, "fallback.chains", null).forEach((key, value) -> {
                String path = "fallback.chains." + key;
                List<ModelId> chain = new ArrayList<>();
                texts(value, path).forEach(v -> chain.add(ModelId.of(v)));
                configured.put(ModelId.of(key), chain);
            });
            chains = configured;
        }
        if (backoff == null || maxRetryAfter == null) {
            return d;
        }
        return new FallbackConfig(Math.max(attempts, 1), backoff, actions, chains, maxRetryAfter);
    }

    private Backoff backoff(YamlNode node) {
        Map<String, YamlNode> m = mapping(node, "fallback.backoff", BACKOFF_KEYS);
        Backoff d = Backoff.DEFAULT;
        Duration initial = opt(m, "initial")
                .map(n -> duration(n, "fallback.backoff.initial"))
                .orElse(d.initial());
        Duration max =
                opt(m, "max").map(n -> duration(n, "fallback.backoff.max")).orElse(d.max());
        Double multiplier = opt(m, "multiplier")
                .map(n -> decimal(n, "fallback.backoff.multiplier", 1, 100))
                .orElse(d.multiplier());
        Double jitter = opt(m, "jitter")
                .map(n -> decimal(n, "fallback.backoff.jitter", 0, 1))
                .orElse(d.jitter());
        if (initial == null || max == null || multiplier == null || jitter == null) {
            return d;
        }
        if (initial.isZero()) {
            error(m.get("initial"), "fallback.backoff.initial", "must be more than 0, e.g. 500ms");
            return d;
        }
        if (max.compareTo(initial) < 0) {
            error(
                    m.getOrDefault("max", node),
                    "fallback.backoff.max",
                    max.toMillis() + "ms is below initial " + initial.toMillis() + "ms; max must be >= initial");
            return d;
        }
        return new Backoff(initial, max, multiplier, jitter);
    }

    private AccessConfig access(Map<String, YamlNode> top) {
        ZoneId zone = AccessConfig.DEFAULT_BUDGET_ZONE;
        Money taskBudget = Budget.UNLIMITED;
        if (top.containsKey("budgets")) {
            Map<String, YamlNode> b = mapping(top.get("budgets"), "budgets", BUDGET_KEYS);
            zone = opt(b, "zone").map(n -> zone(n, "budgets.zone")).orElse(zone);
            taskBudget =
                    opt(b, "per-task").map(n -> money(n, "budgets.per-task")).orElse(taskBudget);
        }
        Map<String, TeamConfig> teams = new HashMap<>();
        opt(top, "teams")
                .ifPresent(n -> mapping(n, "teams", null).forEach((name, value) -> {
                    TeamConfig team = team(name, value, "teams." + name);
                    if (team != null) {
                        teams.put(name, team);
                    }
                }));
        Map<String, ProjectConfig> projects = new HashMap<>();
        opt(top, "projects")
                .ifPresent(n -> mapping(n, "projects", null).forEach((name, value) -> {
                    ProjectConfig project = project(name, value, "projects." + name);
                    if (project != null) {
                        projects.put(name, project);
                    }
                }));
        List<KeyEntry> keys = new ArrayList<>();
        opt(top, "keys").ifPresent(n -> {
            List<YamlNode> items = sequence(n, "keys");
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < items.size(); i++) {
                KeyEntry key = key(items.get(i), "keys[" + i + "]");
                if (key != null && !seen.add(key.sha256())) {
                    error(items.get(i), "keys[" + i + "].sha256", "the same key is listed twice");
                } else if (key != null) {
                    keys.add(key);
                }
            }
        });
        if (zone == null || taskBudget == null) {
            return AccessConfig.open();
        }
        return new AccessConfig(keys, teams, projects, zone, taskBudget);
    }

    private TeamConfig team(String name, YamlNode node, String path) {
        Map<String, YamlNode> m = mapping(node, path, TEAM_KEYS);
        int before = errors.size();
        Tier max = opt(m, "max-tier").map(n -> tier(n, path + ".max-tier")).orElse(TeamConfig.DEFAULT_MAX_TIER);
        Set<ModelId> models = models(m, path);
        RequestedModelMode mode = opt(m, "requested-models")
                .map(n -> requestedModels(n, path + ".requested-models"))
                .orElse(RequestedModelMode.ROUTE);
        Set<Tier> overrides = EnumSet.noneOf(Tier.class);
        opt(m, "overrides")
                .ifPresent(n -> strings(n, path + ".overrides").forEach(item -> {
                    Tier tier = parseTier(item.text(), item.line(), path + ".overrides");
                    if (tier != null && max != null && tier.isAbove(max)) {
                        error(
                                item.line(),
                                path + ".overrides",
                                "tier " + tier + " is above the team's max-tier " + max
                                        + "; overrides may only pick tiers up to max-tier");
                    } else if (tier != null) {
                        overrides.add(tier);
                    }
                }));
        Money monthly = opt(m, "monthly-budget")
                .map(n -> money(n, path + ".monthly-budget"))
                .orElse(Budget.UNLIMITED);
        Money perTask =
                opt(m, "per-task").map(n -> money(n, path + ".per-task")).orElse(Budget.UNLIMITED);
        if (errors.size() > before) {
            return null;
        }
        return new TeamConfig(name, max, models, mode, overrides, monthly, perTask);
    }

    private ProjectConfig project(String name, YamlNode node, String path) {
        Map<String, YamlNode> m = mapping(node, path, PROJECT_KEYS);
        int before = errors.size();
        Tier max = opt(m, "max-tier").map(n -> tier(n, path + ".max-tier")).orElse(Tier.FRONTIER);
        Set<ModelId> models = models(m, path);
        Money monthly = opt(m, "monthly-budget")
                .map(n -> money(n, path + ".monthly-budget"))
                .orElse(Budget.UNLIMITED);
        if (errors.size() > before) {
            return null;
        }
        return new ProjectConfig(name, max, models, monthly);
    }

    private KeyEntry key(YamlNode node, String path) {
        Map<String, YamlNode> m = mapping(node, path, KEY_KEYS);
        int before = errors.size();
        String sha = required(m, node, path, "sha256")
                .map(n -> text(n, path + ".sha256"))
                .orElse(null);
        if (sha != null && !sha.matches("[0-9a-fA-F]{64}")) {
            error(
                    m.get("sha256"),
                    path + ".sha256",
                    "must be the 64 hex digits of the key's SHA-256 (e.g. `printf"
                            + " %s \"$KEY\" | sha256sum`), never the key itself");
        }
        String team = required(m, node, path, "team")
                .map(n -> text(n, path + ".team"))
                .orElse(null);
        String project = opt(m, "project").map(n -> text(n, path + ".project")).orElse(Principal.DEFAULT_PROJECT);
        String name =
                opt(m, "name").map(n -> text(n, path + ".name")).orElse(team == null ? "key" : team + "/" + project);
        if (errors.size() > before || sha == null || team == null || project == null || name == null) {
            return null;
        }
        return new KeyEntry(sha, new Principal(name, team, project));
    }

    // ---- values ------------------------------------------------------------------------------------------------

    private Set<ModelId> models(Map<String, YamlNode> m, String path) {
        Set<ModelId> models = new LinkedHashSet<>();
        opt(m, "models").ifPresent(n -> texts(n, path + ".models").forEach(v -> models.add(ModelId.of(v))));
        return models;
    }

    private <T> T floorRule(Tier tier, Tier floor, YamlNode floorNode, String path, BiFunction<Tier, Tier, T> make) {
        if (tier == null || floor == null) {
            return null;
        }
        if (floor.isAbove(tier)) {
            error(
                    floorNode,
                    path + ".floor",
                    "floor " + floor + " is above tier " + tier
                            + "; the floor is the cheapest tier a fallback may use, so it must be <= tier");
            return null;
        }
        return make.apply(tier, floor);
    }

    private Tier tier(YamlNode node, String path) {
        String text = text(node, path);
        return text == null ? null : parseTier(text, node.line(), path);
    }

    private Tier parseTier(String text, int line, String path) {
        try {
            return Tier.parse(text);
        } catch (IllegalArgumentException e) {
            error(line, path, "'" + text + "' is not a tier; valid: " + TIERS);
            return null;
        }
    }

    private StepType stepType(String text, int line, String path) {
        try {
            return StepType.of(text);
        } catch (IllegalArgumentException e) {
            error(line, path, e.getMessage());
            return null;
        }
    }

    private ModelId model(YamlNode node, String path) {
        String text = text(node, path);
        return text == null ? null : ModelId.of(text);
    }

    private RequestedModelMode requestedModels(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        for (RequestedModelMode mode : RequestedModelMode.values()) {
            if (mode.id().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        error(node, path, "'" + text + "' is not valid; valid: honor, route, deny");
        return null;
    }

    private Money money(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            Money money = Money.parseUsd(text.replace("$", ""));
            if (money.isNegative()) {
                error(node, path, "'" + text + "' is negative; a budget is a dollar amount >= 0, e.g. \"250.00\"");
                return null;
            }
            return money;
        } catch (IllegalArgumentException e) {
            error(node, path, "'" + text + "' is not a dollar amount; write e.g. \"250.00\"");
            return null;
        }
    }

    private ZoneId zone(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            error(node, path, "'" + text + "' is not a time zone; write e.g. UTC or Europe/Berlin");
            return null;
        }
    }

    private Duration duration(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            error(node, path, "'" + text + "' is not a duration; write e.g. 500ms, 2s or 1m");
            return null;
        }
        long value = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(value);
            case "s" -> Duration.ofSeconds(value);
            default -> Duration.ofMinutes(value);
        };
    }

    private long whole(YamlNode node, String path, long min, long max) {
        if (node instanceof YamlNode.Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                long value = Long.parseLong(s.text());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // too large for a long: reported below
            }
        }
        error(node, path, describe(node) + " is not valid; write a whole number from " + min + " to " + max);
        return min;
    }

    private Double decimal(YamlNode node, String path, double min, double max) {
        if (node instanceof YamlNode.Scalar s
                && (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
            double value = Double.parseDouble(s.text());
            if (value >= min && value <= max) {
                return value;
            }
        }
        error(node, path, describe(node) + " is not valid; write a number from " + fmt(min) + " to " + fmt(max));
        return null;
    }

    private LongRange longRange(YamlNode node, String path) {
        Map<String, YamlNode> m = mapping(node, path, RANGE_KEYS);
        if (m.isEmpty()) {
            error(node, path, "a range needs min, max or both, e.g. {min: 100000}");
            return LongRange.ANY;
        }
        long min = opt(m, "min")
                .map(n -> whole(n, path + ".min", 0, Long.MAX_VALUE))
                .orElse(0L);
        long max = opt(m, "max")
                .map(n -> whole(n, path + ".max", 0, Long.MAX_VALUE))
                .orElse(Long.MAX_VALUE);
        if (max < min) {
            error(m.get("max"), path + ".max", "max " + max + " is below min " + min + "; max must be >= min");
            return LongRange.ANY;
        }
        return new LongRange(min, max);
    }

    private ScoreRange scoreRange(YamlNode node, String path) {
        Map<String, YamlNode> m = mapping(node, path, RANGE_KEYS);
        Double min = opt(m, "min").map(n -> decimal(n, path + ".min", 0, 1)).orElse(0.0);
        Double max = opt(m, "max").map(n -> decimal(n, path + ".max", 0, 1)).orElse(1.0);
        if (min == null || max == null) {
            return ScoreRange.ANY;
        }
        if (max < min) {
            error(m.get("max"), path + ".max", "max " + max + " is below min " + min + "; max must be >= min");
            return ScoreRange.ANY;
        }
        return new ScoreRange(min, max);
    }

    private Boolean bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s
                && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
            return s.token() == JsonToken.VALUE_TRUE;
        }
        error(node, path, describe(node) + " is not valid; write true (tools present) or false (no tools)");
        return null;
    }

    /** One string of a string-or-list value, with its line. */
    private record Item(int line, String text) {}

    /** A string or a list of strings, in order. */
    private List<Item> strings(YamlNode node, String path) {
        List<Item> out = new ArrayList<>();
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        for (YamlNode item : items) {
            String text = text(item, path);
            if (text != null) {
                out.add(new Item(item.line(), text));
            }
        }
        return out;
    }

    private List<String> texts(YamlNode node, String path) {
        return strings(node, path).stream().map(Item::text).toList();
    }

    private String text(YamlNode node, String path) {
        record(path, node.line());
        if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            if (s.text().isBlank()) {
                error(node, path, "must not be empty");
                return null;
            }
            return s.text();
        }
        error(node, path, describe(node) + " is not valid here; write a single value");
        return null;
    }

    private List<YamlNode> sequence(YamlNode node, String path) {
        record(path, node.line());
        if (node instanceof YamlNode.Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                record(path + "[" + i + "]", seq.items().get(i).line());
            }
            return seq.items();
        }
        error(node, path, describe(node) + " is not valid; write a list (lines starting with '- ')");
        return List.of();
    }

    /** The entries of a mapping; reports unknown keys when {@code allowed} is not null. */
    private Map<String, YamlNode> mapping(YamlNode node, String path, Set<String> allowed) {
        record(path, node.line());
        if (!(node instanceof YamlNode.Mapping m)) {
            if (node instanceof YamlNode.Scalar s && s.isNull()) {
                return Map.of();
            }
            error(node, path, describe(node) + " is not valid; write a mapping of keys to values");
            return Map.of();
        }
        String prefix = path.equals("(top level)") ? "" : path + ".";
        m.keyLines().forEach((key, line) -> record(prefix + key, line));
        if (allowed != null) {
            for (String key : m.entries().keySet()) {
                if (!allowed.contains(key)) {
                    error(
                            m.keyLines().get(key),
                            prefix + key,
                            "unknown key '" + key + "'" + suggestion(key, allowed) + "; valid keys here: "
                                    + String.join(", ", allowed));
                }
            }
        }
        return m.entries();
    }

    private Optional<YamlNode> required(Map<String, YamlNode> m, YamlNode parent, String path, String key) {
        YamlNode node = m.get(key);
        if (node == null) {
            if (parent instanceof YamlNode.Mapping) {
                error(parent, path + "." + key, "missing; " + key + " is required here");
            }
            return Optional.empty();
        }
        return Optional.of(node);
    }

    private static Optional<YamlNode> opt(Map<String, YamlNode> m, String key) {
        return Optional.ofNullable(m.get(key));
    }

    private static int keyLine(YamlNode node, String key) {
        if (node instanceof YamlNode.Mapping m) {
            Integer line = m.keyLines().get(key);
            return line == null ? m.line() : line;
        }
        return node == null ? 1 : node.line();
    }

    private void record(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    private void error(YamlNode node, String path, String message) {
        error(node == null ? 1 : node.line(), path, message);
    }

    private void error(int line, String path, String message) {
        errors.add(source + ":" + line + ": " + path + ": " + message);
    }

    private static String describe(YamlNode node) {
        return switch (node) {
            case YamlNode.Mapping m -> "a mapping";
            case YamlNode.Sequence s -> "a list";
            case YamlNode.Scalar s -> s.isNull() ? "an empty value" : "'" + s.text() + "'";
        };
    }

    private static String suggestion(String key, Set<String> allowed) {
        for (String candidate : allowed) {
            if (distance(key, candidate) <= 2) {
                return " (did you mean '" + candidate + "'?)";
            }
        }
        return "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static Set<String> ordered(String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }
}
