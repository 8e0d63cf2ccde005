package ladder.core.route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import ladder.core.ModelId;
import ladder.core.Tier;
import ladder.core.access.TeamConfig;

/**
 * Finds legal-but-suspicious settings in a policy: classification steps sent to a top tier, fallback chains that
 * loop or outrun the attempt cap, a stale price anchor, frontier without a budget, unreachable rules.
 */
public final class PolicyLint {

    private PolicyLint() {}

    /** Every finding for {@code config}, comparing prices with {@code ladder} as in force at {@code at}. */
    public static List<PolicyFinding> lint(PolicyConfig config, ModelLadder ladder, Instant at) {
        List<PolicyFinding> findings = new ArrayList<>();
        lintRules(config, findings);
        lintSteps(config, findings);
        lintChains(config, ladder, at, findings);
        lintPriceVersion(config, ladder, at, findings);
        lintTeams(config, findings);
        return List.copyOf(findings);
    }

    private static void lintRules(PolicyConfig config, List<PolicyFinding> findings) {
        List<RouteRule> rules = config.rules();
        int catchAll = -1;
        for (int i = 0; i < rules.size(); i++) {
            RouteRule rule = rules.get(i);
            String path = "rules[" + i + "]";
            if (catchAll >= 0) {
                findings.add(PolicyFinding.warning(
                        path,
                        "rule '" + rule.name() + "' can never match: rules[" + catchAll
                                + "] matches every call and the first match wins"));
            }
            if (rule.match().equals(RuleMatch.ANY) && catchAll < 0) {
                catchAll = i;
            }
            if (rule.tier().compareTo(Tier.LARGE) >= 0) {
                List<String> classification = rule.match().steps().stream()
                        .filter(StepType::isClassification)
                        .map(StepType::id)
                        .sorted()
                        .toList();
                if (!classification.isEmpty()) {
                    findings.add(PolicyFinding.warning(
                            path + ".tier",
                            "rule '" + rule.name() + "' sends classification-type steps " + classification + " to "
                                    + rule.tier() + "; these steps usually hold quality at small"));
                }
            }
        }
    }

    private static void lintSteps(PolicyConfig config, List<PolicyFinding> findings) {
        config.steps().entrySet().stream()
                .filter(e ->
                        e.getKey().isClassification() && e.getValue().tier().compareTo(Tier.LARGE) >= 0)
                .sorted(Map.Entry.comparingByKey((a, b) -> a.id().compareTo(b.id())))
                .forEach(e -> findings.add(PolicyFinding.warning(
                        "steps." + e.getKey().id(),
                        "classification-type step '" + e.getKey() + "' starts at "
                                + e.getValue().tier() + "; it usually holds quality at small")));
    }

    private static void lintChains(PolicyConfig config, ModelLadder ladder, Instant at, List<PolicyFinding> findings) {
        FallbackConfig fallback = config.fallback();
        fallback.chains().keySet().stream()
                .sorted((a, b) -> a.value().compareTo(b.value()))
                .forEach(start -> {
                    String path = "fallback.chains." + start.value();
                    List<ModelId> loop = loopFrom(start, fallback);
                    if (!loop.isEmpty() && loop.get(0).equals(start)) {
                        findings.add(PolicyFinding.warning(
                                path,
                                "fallback chain can loop: "
                                        + String.join(
                                                " -> ",
                                                loop.stream()
                                                        .map(ModelId::value)
                                                        .toList())
                                        + "; each model is tried once per call, so the loop only spends attempts"));
                    }
                    int hops = fallback.chainFor(start).size();
                    if (hops + 1 > fallback.maxAttempts()) {
                        findings.add(PolicyFinding.warning(
                                path,
                                "chain lists " + hops + " fallback model(s) but fallback.max-attempts "
                                        + fallback.maxAttempts()
                                        + " allows at most " + (fallback.maxAttempts() - 1)
                                        + " after the first call; the rest"
                                        + " are never tried"));
                    }
                    for (ModelId model : fallback.chainFor(start)) {
                        if (ladder.tierOf(model, at).isEmpty()
                                && !config.tierModels().containsValue(model)) {
                            findings.add(PolicyFinding.warning(
                                    path,
                                    "fallback model " + model + " is not in the price catalog; it will be skipped"));
                        }
                    }
                });
    }

    /** The first cycle reachable from {@code start}, as a path ending where it began, or empty. */
    private static List<ModelId> loopFrom(ModelId start, FallbackConfig fallback) {
        SequencedSet<ModelId> path = new LinkedHashSet<>();
        return walk(start, fallback, path);
    }

    private static List<ModelId> walk(ModelId at, FallbackConfig fallback, SequencedSet<ModelId> path) {
        if (path.contains(at)) {
            List<ModelId> cycle = new ArrayList<>();
            boolean in = false;
            for (ModelId model : path) {
                in |= model.equals(at);
                if (in) {
                    cycle.add(model);
                }
            }
            cycle.add(at);
            return cycle;
        }
        path.add(at);
        for (ModelId next : fallback.chainFor(at)) {
            List<ModelId> cycle = walk(next, fallback, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.removeLast();
        return List.of();
    }

    private static void lintPriceVersion(
            PolicyConfig config, ModelLadder ladder, Instant at, List<PolicyFinding> findings) {
        String inForce = ladder.priceVersion(at);
        if (config.priceVersion().isEmpty()) {
            findings.add(PolicyFinding.warning(
                    "price-version",
                    "the policy does not record the price version it was tuned against; add price-version: "
                            + inForce));
        } else if (!config.priceVersion().equals(inForce)) {
            findings.add(PolicyFinding.warning(
                    "price-version",
                    "stale price anchor: thresholds were tuned against prices " + config.priceVersion()
                            + " but the catalog in force is " + inForce
                            + "; re-check the rules and budgets, then set price-version: " + inForce));
        }
    }

    private static void lintTeams(PolicyConfig config, List<PolicyFinding> findings) {
        config.access().teams().values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .filter(team -> team.maxTier() == Tier.FRONTIER && !team.hasMonthlyBudget())
                .map(TeamConfig::name)
                .forEach(name -> findings.add(PolicyFinding.warning(
                        "teams." + name + ".max-tier",
                        "team '" + name + "' may use the frontier tier but has no monthly-budget; set one")));
    }
}
