package ladder.app.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;
import ladder.core.access.RequestedModelMode;
import ladder.core.route.FailureClass;
import ladder.core.route.FallbackAction;
import ladder.core.route.PolicyConfig;
import ladder.core.route.StepType;
import ladder.core.route.ToolsCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {

    private static List<String> errors(String yaml) {
        try {
            PolicyLoader.parse("bad.yaml", yaml);
        } catch (InvalidPolicyException e) {
            return e.errors();
        }
        throw new AssertionError("expected the policy to be rejected");
    }

    @Test
    void load_examplePolicy_isValid() {
        LoadedPolicy loaded = PolicyLoader.load(Path.of("..", "examples", "policy.yaml"));
        PolicyConfig config = loaded.config();
        assertThat(config.rules()).hasSize(4);
        assertThat(config.rules().get(0).floor()).isEqualTo(Tier.MEDIUM);
        assertThat(config.rules().get(1).match().tools()).isEqualTo(ToolsCondition.PRESENT);
        assertThat(config.steps().get(StepType.of("review")).tier()).isEqualTo(Tier.LARGE);
        assertThat(config.steps().get(StepType.SUMMARIZE).floor()).isEqualTo(Tier.SMALL);
        assertThat(config.steps().get(StepType.CLASSIFY).tier()).isEqualTo(Tier.SMALL);
        assertThat(config.access().teams().get("research").requestedModels()).isEqualTo(RequestedModelMode.HONOR);
        assertThat(config.access().teams().get("search").monthlyBudget()).isEqualTo(Money.ofUsd(500));
        assertThat(config.access().keys())
                .singleElement()
                .satisfies(k -> assertThat(k.principal().project()).isEqualTo("indexer"));
        assertThat(config.fallback().actionFor(FailureClass.OVERLOADED)).isEqualTo(FallbackAction.REROUTE);
        assertThat(config.fallback().chainFor(ModelId.OPUS_4_8)).containsExactly(ModelId.SONNET_4_6);
        assertThat(loaded.where("rules[1].tier")).isEqualTo(Path.of("..", "examples", "policy.yaml") + ":36");
    }

    @Test
    void parse_empty_isDefaults() {
        assertThat(PolicyLoader.parse("empty.yaml", "").config()).isEqualTo(PolicyConfig.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown tier | rules:\\n  - tier: hug | bad.yaml:2: rules[0].tier: 'hug' is not a tier; valid: small, medium, large, frontier
            missing tier | rules:\\n  - name: x\\n    when: {tools: true} | bad.yaml:2: rules[0].tier: missing; tier is required here
            unknown top key | default-teir: small | bad.yaml:1: default-teir: unknown key 'default-teir' (did you mean 'default-tier'?); valid keys here: price-version, default-tier, tier-models, steps, rules, escalation, fallback, budgets, teams, projects, keys
            unknown when key | rules:\\n  - tier: large\\n    when:\\n      stepp: plan | bad.yaml:4: rules[0].when.stepp: unknown key 'stepp' (did you mean 'step'?); valid keys here: step, team, project, input-tokens, tools, failures, difficulty, requested-model
            floor above tier | rules:\\n  - tier: small\\n    floor: large | bad.yaml:3: rules[0].floor: floor large is above tier small; the floor is the cheapest tier a fallback may use, so it must be <= tier
            range max below min | rules:\\n  - tier: large\\n    when:\\n      input-tokens: {min: 10, max: 5} | bad.yaml:4: rules[0].when.input-tokens.max: max 5 is below min 10; max must be >= min
            range not numbers | rules:\\n  - tier: large\\n    when:\\n      input-tokens: {min: lots} | bad.yaml:4: rules[0].when.input-tokens.min: 'lots' is not valid; write a whole number from 0 to 9223372036854775807
            tools not boolean | rules:\\n  - tier: large\\n    when:\\n      tools: sometimes | bad.yaml:4: rules[0].when.tools: 'sometimes' is not valid; write true (tools present) or false (no tools)
            difficulty out of range | rules:\\n  - tier: large\\n    when:\\n      difficulty: {min: 2} | bad.yaml:4: rules[0].when.difficulty.min: '2' is not valid; write a number from 0 to 1
            bad step type | steps:\\n  Big Step: large | bad.yaml:2: steps.Big Step: step type 'big step' is not valid; use lower-case letters, digits, '_' or '-', starting with a letter
            bad escalation reason | escalation:\\n  on: [validation_failed, boredom] | bad.yaml:2: escalation.on: unknown escalation reason 'boredom'; valid: validation_failed, low_confidence, tool_error, max_tokens, refusal
            escalation cap negative | escalation:\\n  max-per-step: -1 | bad.yaml:2: escalation.max-per-step: '-1' is not valid; write a whole number from 0 to 10
            zero attempts | fallback:\\n  max-attempts: 0 | bad.yaml:2: fallback.max-attempts: '0' is not valid; write a whole number from 1 to 10
            bad error class | fallback:\\n  on:\\n    teapot: retry | bad.yaml:3: fallback.on.teapot: unknown error class 'teapot'; valid: overloaded, rate-limited, server-error, timeout, connection
            bad action | fallback:\\n  on:\\n    overloaded: panic | bad.yaml:3: fallback.on.overloaded: unknown fallback action 'panic'; valid: retry, reroute, fail
            bad duration | fallback:\\n  max-retry-after: soon | bad.yaml:2: fallback.max-retry-after: 'soon' is not a duration; write e.g. 500ms, 2s or 1m
            backoff max below initial | fallback:\\n  backoff: {initial: 2s, max: 1s} | bad.yaml:2: fallback.backoff.max: 1000ms is below initial 2000ms; max must be >= initial
            bad budget | teams:\\n  search:\\n    monthly-budget: lots | bad.yaml:3: teams.search.monthly-budget: 'lots' is not a dollar amount; write e.g. "250.00"
            bad zone | budgets:\\n  zone: Mars/Olympus | bad.yaml:2: budgets.zone: 'Mars/Olympus' is not a time zone; write e.g. UTC or Europe/Berlin
            bad requested-models | teams:\\n  search:\\n    requested-models: maybe | bad.yaml:3: teams.search.requested-models: 'maybe' is not valid; valid: honor, route, deny
            override above max tier | teams:\\n  search:\\n    max-tier: medium\\n    overrides: [frontier] | bad.yaml:4: teams.search.overrides: tier frontier is above the team's max-tier medium; overrides may only pick tiers up to max-tier
            raw key instead of hash | keys:\\n  - sha256: sk-ant-secret\\n    team: search | bad.yaml:2: keys[0].sha256: must be the 64 hex digits of the key's SHA-256 (e.g. `printf %s "$KEY" | sha256sum`), never the key itself
            key without team | keys:\\n  - sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 | bad.yaml:2: keys[0].team: missing; team is required here
            rules not a list | rules: {tier: large} | bad.yaml:1: rules: a mapping is not valid; write a list (lines starting with '- ')
            duplicate key | default-tier: small\\ndefault-tier: large | bad.yaml:2: default-tier: duplicate key; each key may appear once
            duplicate rule name | rules:\\n  - {name: a, tier: small}\\n  - {name: a, tier: large} | bad.yaml:3: rules[1].name: rule name 'a' is used twice; names must be unique
            not yaml | rules: [unclosed | bad.yaml:1: not valid YAML:
            """)
    void parse_badPolicy_namesFileLineFieldAndFix(String name, String yaml, String expected) {
        assertThat(errors(yaml.replace("\\n", "\n"))).anyMatch(e -> e.startsWith(expected));
    }

    @Test
    void parse_manyErrors_allCollected() {
        List<String> errors = errors("default-tier: huge\nrules:\n  - tier: tiny\nfallback:\n  max-attempts: 0\n");
        assertThat(errors)
                .containsExactly(
                        "bad.yaml:1: default-tier: 'huge' is not a tier; valid: small, medium, large, frontier",
                        "bad.yaml:3: rules[0].tier: 'tiny' is not a tier; valid: small, medium, large, frontier",
                        "bad.yaml:5: fallback.max-attempts: '0' is not valid; write a whole number from 1 to 10");
    }

    @Test
    void load_missingFile_namesIt() {
        assertThatThrownBy(() -> PolicyLoader.load(Path.of("nope.yaml")))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("nope.yaml: no such policy file");
    }
}
