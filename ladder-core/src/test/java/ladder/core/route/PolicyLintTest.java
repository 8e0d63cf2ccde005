package ladder.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ladder.core.ModelId;
import ladder.core.Tier;
import org.junit.jupiter.api.Test;

class PolicyLintTest {

    private static final Instant AT = Instant.parse("2026-11-15T00:00:00Z");
    private static final FixedModelLadder LADDER = FixedModelLadder.standard("2026-11-01");

    private static PolicyConfig anchored(PolicyConfig c) {
        return new PolicyConfig(
                "2026-11-01",
                c.defaultTier(),
                c.steps(),
                c.tierModels(),
                c.rules(),
                c.escalation(),
                c.fallback(),
                c.access());
    }

    private static List<String> lint(PolicyConfig config) {
        return PolicyLint.lint(config, LADDER, AT).stream()
                .map(f -> f.path() + ": " + f.message())
                .toList();
    }

    @Test
    void lint_defaultsAnchored_noFindings() {
        assertThat(lint(anchored(PolicyConfig.defaults()))).isEmpty();
    }

    @Test
    void lint_classificationToTopTier_warns() {
        PolicyConfig config = anchored(Policies.withRules(RouteRule.of(
                "big-triage", RuleMatch.ANY.withSteps(Set.of(StepType.TRIAGE, StepType.DRAFT)), Tier.LARGE)));
        assertThat(lint(config))
                .containsExactly("rules[0].tier: rule 'big-triage' sends classification-type steps [triage] to large;"
                        + " these steps usually hold quality at small");
    }

    @Test
    void lint_loopingAndLongChains_warn() {
        FallbackConfig fallback = new FallbackConfig(
                2,
                Backoff.DEFAULT,
                Map.of(),
                Map.of(
                        ModelId.OPUS_4_8, List.of(ModelId.SONNET_4_6, ModelId.HAIKU_4_5),
                        ModelId.SONNET_4_6, List.of(ModelId.OPUS_4_8)),
                FallbackConfig.DEFAULT_MAX_RETRY_AFTER);
        List<String> findings = lint(Policies.withFallback(anchored(PolicyConfig.defaults()), fallback));
        assertThat(findings)
                .contains(
                        "fallback.chains.claude-opus-4-8: fallback chain can loop: claude-opus-4-8 -> claude-sonnet-4-6"
                                + " -> claude-opus-4-8; each model is tried once per call, so the loop only spends"
                                + " attempts",
                        "fallback.chains.claude-opus-4-8: chain lists 2 fallback model(s) but fallback.max-attempts 2"
                                + " allows at most 1 after the first call; the rest are never tried");
    }

    @Test
    void lint_stalePriceAnchor_warns() {
        PolicyConfig d = PolicyConfig.defaults();
        PolicyConfig old = new PolicyConfig(
                "2026-06-01",
                d.defaultTier(),
                d.steps(),
                d.tierModels(),
                d.rules(),
                d.escalation(),
                d.fallback(),
                d.access());
        assertThat(lint(old))
                .containsExactly(
                        "price-version: stale price anchor: thresholds were tuned against prices 2026-06-01 but"
                                + " the catalog in force is 2026-11-01; re-check the rules and budgets, then set"
                                + " price-version: 2026-11-01");
    }

    @Test
    void lint_frontierWithoutBudget_warns() {
        PolicyConfig config = Policies.withAccess(
                anchored(PolicyConfig.defaults()), Policies.teams(Policies.team("research", Tier.FRONTIER)));
        assertThat(lint(config))
                .containsExactly("teams.research.max-tier: team 'research' may use the frontier tier but has no"
                        + " monthly-budget; set one");
    }

    @Test
    void lint_ruleAfterCatchAll_unreachable() {
        PolicyConfig config = anchored(Policies.withRules(
                RouteRule.of("all", RuleMatch.ANY, Tier.MEDIUM),
                RouteRule.of("never", RuleMatch.ANY.withSteps(Set.of(StepType.PLAN)), Tier.LARGE)));
        assertThat(lint(config))
                .containsExactly("rules[1]: rule 'never' can never match: rules[0] matches every call"
                        + " and the first match wins");
    }
}
