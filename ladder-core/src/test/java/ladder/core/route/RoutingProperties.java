package ladder.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ladder.core.ModelId;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.access.AccessConfig;
import ladder.core.access.AccessPolicy;
import ladder.core.access.Budget;
import ladder.core.access.InMemoryBudgetLedger;
import ladder.core.access.Principal;
import ladder.core.access.RequestedModelMode;
import ladder.core.access.TeamConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RoutingProperties {

    private static final List<ModelId> MODELS =
            List.of(ModelId.HAIKU_4_5, ModelId.SONNET_4_6, ModelId.OPUS_4_8, ModelId.FABLE_5, ModelId.of("unknown-x"));
    private static final List<String> STEPS = List.of("classify", "draft", "plan", "sql", "poetry");
    private static final List<Integer> STATUSES = List.of(429, 500, 502, 503, 529, 408, 409, 400, 0);

    @Provide
    Arbitrary<Map<ModelId, List<ModelId>>> chains() {
        Arbitrary<List<ModelId>> chain = Arbitraries.of(MODELS).list().ofMaxSize(5);
        return Arbitraries.maps(Arbitraries.of(MODELS), chain).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<UpstreamFailure>> failures() {
        return Arbitraries.of(STATUSES)
                .map(s -> s == 0 ? UpstreamFailure.timeout() : UpstreamFailure.ofStatus(s))
                .list()
                .ofMinSize(1)
                .ofMaxSize(20);
    }

    @Property(tries = 300)
    void everyFallbackChain_endsWithinAttemptCap(
            @ForAll("chains") Map<ModelId, List<ModelId>> chains,
            @ForAll @IntRange(min = 1, max = 6) int maxAttempts,
            @ForAll("failures") List<UpstreamFailure> failures,
            @ForAll("steps") String step) {
        Map<FailureClass, FallbackAction> actions = new EnumMap<>(FailureClass.class);
        actions.put(FailureClass.OVERLOADED, FallbackAction.REROUTE);
        actions.put(FailureClass.SERVER_ERROR, FallbackAction.REROUTE);
        FallbackConfig fallback =
                new FallbackConfig(maxAttempts, Backoff.DEFAULT, actions, chains, Duration.ofSeconds(30));
        PolicyConfig config = Policies.withFallback(
                Policies.withRules(new RouteRule("drop", RuleMatch.ANY, Tier.LARGE, Tier.SMALL)), fallback);
        RoutingPolicy policy = RoutingPolicy.of(config, FixedModelLadder.standard(), new InMemoryBudgetLedger())
                .withJitter(JitterSource.fixed(0.3));
        RouteRequest request = Policies.request(step).build();
        RouteDecision decision = policy.route(request);
        AttemptHistory history = AttemptHistory.empty();
        int calls = 0;
        for (int i = 0; decision instanceof RouteDecision.Call call; i++) {
            calls++;
            history = history.after(call);
            assertThat(calls).isLessThanOrEqualTo(maxAttempts);
            decision = policy.onFailure(request, history, failures.get(i % failures.size()));
        }
        assertThat(decision).isInstanceOf(RouteDecision.Refuse.class);
        assertThat(calls).isBetween(1, maxAttempts);
    }

    @Provide
    Arbitrary<String> steps() {
        return Arbitraries.of(STEPS);
    }

    @Provide
    Arbitrary<TeamConfig> teams() {
        Arbitrary<Tier> max = Arbitraries.of(Tier.class);
        Arbitrary<Set<ModelId>> models = Arbitraries.of(MODELS).set().ofMaxSize(3);
        return Combinators.combine(max, models)
                .as((tier, allowed) -> new TeamConfig(
                        "search",
                        tier,
                        allowed,
                        RequestedModelMode.ROUTE,
                        Set.of(),
                        Budget.UNLIMITED,
                        Budget.UNLIMITED));
    }

    @Property(tries = 300)
    void escalation_neverPicksAModelAccessDenies(
            @ForAll("teams") TeamConfig team,
            @ForAll("steps") String step,
            @ForAll List<EscalationReason> reasons,
            @ForAll @IntRange(min = 0, max = 4) int escalationsInTask) {
        PolicyConfig d = PolicyConfig.defaults();
        PolicyConfig config = new PolicyConfig(
                "",
                d.defaultTier(),
                d.steps(),
                d.tierModels(),
                d.rules(),
                new EscalationConfig(3, 5, Set.of(EscalationReason.values())),
                d.fallback(),
                Policies.teams(team));
        RoutingPolicy policy = RoutingPolicy.of(config, FixedModelLadder.standard(), new InMemoryBudgetLedger());
        AccessPolicy access = AccessPolicy.of(config.access());
        RouteRequest request =
                Policies.request(step).escalationsInTask(escalationsInTask).build();
        RouteDecision decision = policy.route(request);
        AttemptHistory history = AttemptHistory.empty();
        for (EscalationReason reason : reasons) {
            if (!(decision instanceof RouteDecision.Call call)) {
                break;
            }
            assertThat(access.authorize(request.principal(), call.tier(), call.model())
                            .isAllowed())
                    .as("%s at %s for %s", call.model(), call.tier(), team)
                    .isTrue();
            history = history.after(call);
            decision = policy.onEscalation(request, history, reason);
        }
    }

    @Provide
    Arbitrary<RouteRequest> requests() {
        Arbitrary<String> step = Arbitraries.of(STEPS);
        Arbitrary<Long> tokens = Arbitraries.longs().between(0, 300_000);
        Arbitrary<Boolean> tools = Arbitraries.of(true, false);
        Arbitrary<Integer> fails = Arbitraries.integers().between(0, 5);
        Arbitrary<Double> difficulty = Arbitraries.doubles().between(0, 1);
        Arbitrary<String> team = Arbitraries.of("search", "ops", "research");
        return Combinators.combine(step, tokens, tools, fails, difficulty, team)
                .as((s, t, tl, f, d, tm) -> RouteRequest.builder(
                                Principal.of(tm, "p"), TaskId.of("t"), Instant.parse("2026-11-15T00:00:00Z"))
                        .stepType(s)
                        .inputTokens(t)
                        .maxTokens(2048)
                        .toolsPresent(tl)
                        .failuresInTask(f)
                        .difficulty(Difficulty.of(d))
                        .build());
    }

    @Property(tries = 300)
    void sameInputs_giveSameDecision(@ForAll("requests") RouteRequest request) {
        List<RouteRule> rules = new ArrayList<>();
        rules.add(new RouteRule(
                "long",
                new RuleMatch(
                        Set.of(),
                        Set.of(),
                        Set.of(),
                        new LongRange(100_000, Long.MAX_VALUE),
                        ToolsCondition.ANY,
                        LongRange.ANY,
                        ScoreRange.ANY,
                        Set.of()),
                Tier.LARGE,
                Tier.MEDIUM));
        rules.add(RouteRule.of(
                "hard",
                new RuleMatch(
                        Set.of(),
                        Set.of("research"),
                        Set.of(),
                        LongRange.ANY,
                        ToolsCondition.PRESENT,
                        LongRange.ANY,
                        new ScoreRange(0.8, 1),
                        Set.of()),
                Tier.FRONTIER));
        Map<String, TeamConfig> teams = new HashMap<>();
        teams.put("ops", Policies.team("ops", Tier.MEDIUM));
        PolicyConfig config = Policies.withAccess(
                Policies.withRules(rules.toArray(RouteRule[]::new)),
                new AccessConfig(List.of(), teams, Map.of(), AccessConfig.DEFAULT_BUDGET_ZONE, Budget.UNLIMITED));
        RouteDecision a = RoutingPolicy.of(config, FixedModelLadder.standard(), new InMemoryBudgetLedger())
                .withJitter(JitterSource.fixed(0.1))
                .route(request);
        RouteDecision b = RoutingPolicy.of(config, FixedModelLadder.standard(), new InMemoryBudgetLedger())
                .withJitter(JitterSource.fixed(0.1))
                .route(request);
        assertThat(a).isEqualTo(b);
        UpstreamFailure failure = UpstreamFailure.ofStatus(503);
        if (a instanceof RouteDecision.Call call) {
            RoutingPolicy p = RoutingPolicy.of(config, FixedModelLadder.standard(), new InMemoryBudgetLedger())
                    .withJitter(JitterSource.fixed(0.1));
            AttemptHistory h = AttemptHistory.empty().after(call);
            assertThat(p.onFailure(request, h, failure)).isEqualTo(p.onFailure(request, h, failure));
        }
    }
}
