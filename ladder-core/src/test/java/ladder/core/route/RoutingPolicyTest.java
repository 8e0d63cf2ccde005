package ladder.core.route;

import static ladder.core.route.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;
import ladder.core.access.Budget;
import ladder.core.access.BudgetScope;
import ladder.core.access.InMemoryBudgetLedger;
import ladder.core.access.Principal;
import ladder.core.access.ProjectConfig;
import ladder.core.access.RequestedModelMode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingPolicyTest {

    private static final FixedModelLadder LADDER = FixedModelLadder.standard();

    private static RoutingPolicy policy(PolicyConfig config) {
        return RoutingPolicy.of(config, LADDER, new InMemoryBudgetLedger()).withJitter(JitterSource.fixed(0.5));
    }

    private static RouteDecision.Use use(RouteDecision decision) {
        assertThat(decision).isInstanceOf(RouteDecision.Use.class);
        return (RouteDecision.Use) decision;
    }

    private static RouteDecision.Refuse refuse(RouteDecision decision) {
        assertThat(decision).isInstanceOf(RouteDecision.Refuse.class);
        return (RouteDecision.Refuse) decision;
    }

    private static RouteDecision.FallBack fallBack(RouteDecision decision) {
        assertThat(decision).isInstanceOf(RouteDecision.FallBack.class);
        return (RouteDecision.FallBack) decision;
    }

    /** The history after {@code p} routed {@code request} to its first attempt (asserted to be a {@code Use}). */
    private static AttemptHistory afterFirstAttempt(RoutingPolicy p, RouteRequest request) {
        return AttemptHistory.empty().after(use(p.route(request)));
    }

    @Nested
    class StepDefaults {

        @ParameterizedTest
        @CsvSource({
            "classify, small, claude-haiku-4-5",
            "extract, small, claude-haiku-4-5",
            "route, small, claude-haiku-4-5",
            "triage, small, claude-haiku-4-5",
            "execute, medium, claude-sonnet-4-6",
            "draft, medium, claude-sonnet-4-6",
            "summarize, medium, claude-sonnet-4-6",
            "transform, medium, claude-sonnet-4-6",
            "sql, medium, claude-sonnet-4-6",
            "tool_call, medium, claude-sonnet-4-6",
            "plan, large, claude-opus-4-8",
            "reason, large, claude-opus-4-8",
            "synthesize, large, claude-opus-4-8",
            "refactor, large, claude-opus-4-8",
            "root_cause, large, claude-opus-4-8",
            "poetry, medium, claude-sonnet-4-6"
        })
        void route_stepType_startsAtItsDefaultTier(String step, String tier, String model) {
            RouteDecision.Use use =
                    use(policy(PolicyConfig.defaults()).route(request(step).build()));
            assertThat(use.tier()).isEqualTo(Tier.parse(tier));
            assertThat(use.model()).isEqualTo(ModelId.of(model));
        }

        @Test
        void route_noStepType_usesDefaultTier() {
            RouteDecision.Use use =
                    use(policy(PolicyConfig.defaults()).route(request().build()));
            assertThat(use.tier()).isEqualTo(Tier.MEDIUM);
            assertThat(use.explanation().rule()).isEqualTo("default-tier");
        }

        @Test
        void route_unknownStepType_notesDefault() {
            RouteDecision.Use use =
                    use(policy(PolicyConfig.defaults()).route(request("poetry").build()));
            assertThat(use.explanation().notes()).anyMatch(n -> n.contains("'poetry' is not configured"));
        }
    }

    @Nested
    class Rules {

        static RuleMatch match() {
            return RuleMatch.ANY;
        }

        static RouteRule rule(String name, RuleMatch match) {
            return RouteRule.of(name, match, Tier.LARGE);
        }

        @Test
        void route_stepCondition_matchesOnlyThatStep() {
            RoutingPolicy p = policy(withRules(rule("r", match().withSteps(Set.of(StepType.SUMMARIZE)))));
            assertThat(use(p.route(request("summarize").build())).tier()).isEqualTo(Tier.LARGE);
            assertThat(use(p.route(request("draft").build())).tier()).isEqualTo(Tier.MEDIUM);
            assertThat(use(p.route(request().build())).tier()).isEqualTo(Tier.MEDIUM);
        }

        @Test
        void route_teamAndProjectConditions_matchPrincipal() {
            RuleMatch m = new RuleMatch(
                    Set.of(),
                    Set.of("search"),
                    Set.of("indexer"),
                    LongRange.ANY,
                    ToolsCondition.ANY,
                    LongRange.ANY,
                    ScoreRange.ANY,
                    Set.of());
            RoutingPolicy p = policy(withRules(rule("r", m)));
            assertThat(use(p.route(request("draft").build())).tier()).isEqualTo(Tier.LARGE);
            RouteRequest other = RouteRequest.builder(Principal.of("search", "web"), ladder.core.TaskId.of("t"), AT)
                    .stepType("draft")
                    .build();
            assertThat(use(p.route(other)).tier()).isEqualTo(Tier.MEDIUM);
        }

        @ParameterizedTest
        @CsvSource({"99999, medium", "100000, large", "200000, large", "200001, medium"})
        void route_inputTokenRange_inclusiveBounds(long tokens, String tier) {
            RuleMatch m = new RuleMatch(
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    new LongRange(100_000, 200_000),
                    ToolsCondition.ANY,
                    LongRange.ANY,
                    ScoreRange.ANY,
                    Set.of());
            RoutingPolicy p = policy(withRules(rule("long", m)));
            assertThat(use(p.route(request("draft").inputTokens(tokens).build()))
                            .tier())
                    .isEqualTo(Tier.parse(tier));
        }

        @ParameterizedTest
        @CsvSource({"PRESENT, true, large", "PRESENT, false, medium", "ABSENT, false, large", "ABSENT, true, medium"})
        void route_toolsCondition(ToolsCondition tools, boolean present, String tier) {
            RuleMatch m = new RuleMatch(
                    Set.of(), Set.of(), Set.of(), LongRange.ANY, tools, LongRange.ANY, ScoreRange.ANY, Set.of());
            RoutingPolicy p = policy(withRules(rule("tools", m)));
            assertThat(use(p.route(request("draft").toolsPresent(present).build()))
                            .tier())
                    .isEqualTo(Tier.parse(tier));
        }

        @ParameterizedTest
        @CsvSource({"0, medium", "1, medium", "2, large", "9, large"})
        void route_failuresInTask(int failures, String tier) {
            RuleMatch m = new RuleMatch(
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    LongRange.ANY,
                    ToolsCondition.ANY,
                    new LongRange(2, Long.MAX_VALUE),
                    ScoreRange.ANY,
                    Set.of());
            RoutingPolicy p = policy(withRules(rule("retrying-task", m)));
            assertThat(use(p.route(request("draft").failuresInTask(failures).build()))
                            .tier())
                    .isEqualTo(Tier.parse(tier));
        }

        @Test
        void route_difficulty_fromRequestOrClassifierOrUnknown() {
            RuleMatch m = new RuleMatch(
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    LongRange.ANY,
                    ToolsCondition.ANY,
                    LongRange.ANY,
                    new ScoreRange(0.7, 1),
                    Set.of());
            RoutingPolicy p = policy(withRules(rule("hard", m)));
            assertThat(use(p.route(request("draft")
                                    .difficulty(Difficulty.of(0.9))
                                    .build()))
                            .tier())
                    .isEqualTo(Tier.LARGE);
            assertThat(use(p.route(request("draft")
                                    .difficulty(Difficulty.of(0.2))
                                    .build()))
                            .tier())
                    .isEqualTo(Tier.MEDIUM);
            assertThat(use(p.route(request("draft").build())).tier()).isEqualTo(Tier.MEDIUM);
            RoutingPolicy classified = p.withClassifier(r -> Optional.of(Difficulty.of(0.8)));
            RouteDecision.Use use = use(classified.route(request("draft").build()));
            assertThat(use.tier()).isEqualTo(Tier.LARGE);
            assertThat(use.explanation().notes()).anyMatch(n -> n.contains("from the classifier"));
        }

        @Test
        void route_requestedModelCondition_matchesHint() {
            RuleMatch m = new RuleMatch(
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    LongRange.ANY,
                    ToolsCondition.ANY,
                    LongRange.ANY,
                    ScoreRange.ANY,
                    Set.of(ModelId.OPUS_4_8));
            RoutingPolicy p = policy(withRules(rule("asked-for-opus", m)));
            RouteDecision.Use use = use(
                    p.route(request("draft").requestedModel("claude-opus-4-8").build()));
            assertThat(use.tier()).isEqualTo(Tier.LARGE);
            assertThat(use.explanation().notes()).anyMatch(n -> n.contains("treated as a hint"));
            assertThat(use(p.route(request("draft").requestedModel("ladder").build()))
                            .tier())
                    .isEqualTo(Tier.MEDIUM);
        }

        @Test
        void route_firstMatchWins() {
            RoutingPolicy p = policy(withRules(
                    RouteRule.of("first", match().withSteps(Set.of(StepType.DRAFT)), Tier.SMALL),
                    RouteRule.of("second", match(), Tier.LARGE)));
            RouteDecision.Use use = use(p.route(request("draft").build()));
            assertThat(use.tier()).isEqualTo(Tier.SMALL);
            assertThat(use.explanation().rule()).isEqualTo("rules[0] first");
            assertThat(use(p.route(request("plan").build())).explanation().rule())
                    .isEqualTo("rules[1] second");
        }

        @Test
        void route_ruleAboveCeiling_cappedAndNoted() {
            PolicyConfig config = withAccess(
                    withRules(RouteRule.of("frontier-all", match(), Tier.FRONTIER)), teams(team("search", Tier.LARGE)));
            RouteDecision.Use use = use(policy(config).route(request("draft").build()));
            assertThat(use.tier()).isEqualTo(Tier.LARGE);
            assertThat(use.explanation().notes()).anyMatch(n -> n.contains("capped to large"));
        }

        @Test
        void route_tierModelsOverride_mapsTier() {
            PolicyConfig d = PolicyConfig.defaults();
            PolicyConfig config = new PolicyConfig(
                    "",
                    d.defaultTier(),
                    d.steps(),
                    Map.of(Tier.MEDIUM, ModelId.of("claude-sonnet-4-5")),
                    List.of(),
                    d.escalation(),
                    d.fallback(),
                    d.access());
            assertThat(use(policy(config).route(request("draft").build())).model())
                    .isEqualTo(ModelId.of("claude-sonnet-4-5"));
        }
    }

    @Nested
    class RequestedModels {

        private RoutingPolicy withMode(RequestedModelMode mode) {
            return policy(withAccess(
                    PolicyConfig.defaults(), teams(team("search", Tier.LARGE, mode, Set.of(), Budget.UNLIMITED))));
        }

        @Test
        void route_honor_usesRequestedModel() {
            RouteDecision.Use use = use(withMode(RequestedModelMode.HONOR)
                    .route(request("classify").requestedModel("claude-opus-4-8").build()));
            assertThat(use.model()).isEqualTo(ModelId.OPUS_4_8);
            assertThat(use.tier()).isEqualTo(Tier.LARGE);
        }

        @Test
        void route_honorAboveCeiling_refused() {
            RouteDecision.Refuse refuse = refuse(withMode(RequestedModelMode.HONOR)
                    .route(request().requestedModel("claude-fable-5").build()));
            assertThat(refuse.code()).isEqualTo(RefusalCode.ACCESS_DENIED);
            assertThat(refuse.message()).contains("may use tiers up to large");
        }

        @Test
        void route_honorUnknownModel_refused() {
            RouteDecision.Refuse refuse = refuse(withMode(RequestedModelMode.HONOR)
                    .route(request().requestedModel("gpt-9").build()));
            assertThat(refuse.code()).isEqualTo(RefusalCode.UNKNOWN_MODEL);
        }

        @Test
        void route_route_ignoresRequestedModel() {
            assertThat(use(withMode(RequestedModelMode.ROUTE)
                                    .route(request("classify")
                                            .requestedModel("claude-opus-4-8")
                                            .build()))
                            .model())
                    .isEqualTo(ModelId.HAIKU_4_5);
        }

        @Test
        void route_deny_refusesNamedModelButAcceptsRouteName() {
            RoutingPolicy p = withMode(RequestedModelMode.DENY);
            assertThat(refuse(p.route(
                                    request().requestedModel("claude-opus-4-8").build()))
                            .code())
                    .isEqualTo(RefusalCode.REQUESTED_MODEL_DENIED);
            assertThat(p.route(request().requestedModel("auto").build())).isInstanceOf(RouteDecision.Use.class);
        }
    }

    @Nested
    class Overrides {

        @Test
        void route_grantedOverride_usesTierAndAudits() {
            RoutingPolicy p = policy(withAccess(
                    PolicyConfig.defaults(),
                    teams(team(
                            "search",
                            Tier.FRONTIER,
                            RequestedModelMode.ROUTE,
                            Set.of(Tier.FRONTIER),
                            Money.ofUsd(100)))));
            RouteDecision.Use use = use(p.route(request("draft")
                    .override(new TierOverride(Tier.FRONTIER, "incident 42"))
                    .build()));
            assertThat(use.model()).isEqualTo(ModelId.FABLE_5);
            assertThat(use.audit()).singleElement().satisfies(a -> {
                assertThat(a.who()).isEqualTo(SEARCH);
                assertThat(a.routedTier()).isEqualTo(Tier.MEDIUM);
                assertThat(a.requestedTier()).isEqualTo(Tier.FRONTIER);
                assertThat(a.reason()).isEqualTo("incident 42");
                assertThat(a.at()).isEqualTo(AT);
            });
        }

        @Test
        void route_ungrantedOverride_refused() {
            RouteDecision.Refuse refuse = refuse(policy(PolicyConfig.defaults())
                    .route(request("draft")
                            .override(new TierOverride(Tier.LARGE, "because"))
                            .build()));
            assertThat(refuse.code()).isEqualTo(RefusalCode.OVERRIDE_DENIED);
            assertThat(refuse.message()).contains("allowed overrides: []");
        }
    }

    @Nested
    class Access {

        @Test
        void route_modelNotOnTeamList_refused() {
            var team = new ladder.core.access.TeamConfig(
                    "search",
                    Tier.LARGE,
                    Set.of(ModelId.HAIKU_4_5),
                    RequestedModelMode.ROUTE,
                    Set.of(),
                    Budget.UNLIMITED,
                    Budget.UNLIMITED);
            RouteDecision.Refuse refuse = refuse(policy(withAccess(PolicyConfig.defaults(), teams(team)))
                    .route(request("draft").build()));
            assertThat(refuse.code()).isEqualTo(RefusalCode.ACCESS_DENIED);
            assertThat(refuse.message()).contains("may use only models [claude-haiku-4-5]");
        }

        @Test
        void route_projectNarrowsTeam_capsTier() {
            var access = teamsAndProjects(
                    List.of(team("search", Tier.LARGE)),
                    List.of(new ProjectConfig("indexer", Tier.SMALL, Set.of(), Budget.UNLIMITED)),
                    Budget.UNLIMITED);
            RouteDecision.Use use = use(policy(withAccess(PolicyConfig.defaults(), access))
                    .route(request("plan").build()));
            assertThat(use.tier()).isEqualTo(Tier.SMALL);
        }
    }

    @Nested
    class Budgets {

        @Test
        void route_reservesWorstCase_refusesWhenExhausted() {
            var access = teamsAndProjects(
                    List.of(team("search", Tier.LARGE, RequestedModelMode.ROUTE, Set.of(), Money.parseUsd("0.05"))),
                    List.of(),
                    Budget.UNLIMITED);
            InMemoryBudgetLedger ledger = new InMemoryBudgetLedger();
            RoutingPolicy p = RoutingPolicy.of(withAccess(PolicyConfig.defaults(), access), LADDER, ledger);
            // sonnet: 1000 in x $3 + 1000 out x $15 per MTok = $0.018
            RouteDecision.Use first = use(p.route(request("draft").build()));
            assertThat(first.reservation().amount()).isEqualTo(Money.parseUsd("0.018"));
            use(p.route(request("draft").build()));
            RouteDecision.Refuse refuse = refuse(p.route(request("draft").build()));
            assertThat(refuse.code()).isEqualTo(RefusalCode.BUDGET_EXHAUSTED);
            assertThat(refuse.message())
                    .isEqualTo("team-month budget of search (2026-11) is exhausted: limit $0.05, spent $0.00,"
                            + " reserved for calls in flight $0.036, this call needs up to $0.018;"
                            + " resets 2026-12-01T00:00:00Z");
            ledger.settle(first.reservation(), Money.parseUsd("0.002"));
            assertThat(ledger.spent(first.reservation().keys().get(0))).isEqualTo(Money.parseUsd("0.002"));
            assertThat(p.route(request("draft").build())).isInstanceOf(RouteDecision.Use.class);
        }

        @Test
        void route_taskBudget_refusesWithNoReset() {
            var access = teamsAndProjects(List.of(), List.of(), Money.parseUsd("0.01"));
            RouteDecision.Refuse refuse = refuse(policy(withAccess(PolicyConfig.defaults(), access))
                    .route(request("draft").build()));
            assertThat(refuse.message())
                    .startsWith("task budget of task-1 (task) is exhausted")
                    .endsWith("does not reset");
        }

        @Test
        void route_noBudgets_reservesNothing() {
            assertThat(use(policy(PolicyConfig.defaults())
                                    .route(request("draft").build()))
                            .reservation()
                            .isNone())
                    .isTrue();
        }

        @Test
        void budgetsFor_monthInConfiguredZone() {
            var access = new ladder.core.access.AccessConfig(
                    List.of(),
                    Map.of("search", team("search", Tier.LARGE, RequestedModelMode.ROUTE, Set.of(), Money.ofUsd(1))),
                    Map.of(),
                    java.time.ZoneId.of("America/New_York"),
                    Budget.UNLIMITED);
            var budgets = ladder.core.access.AccessPolicy.of(access)
                    .budgetsFor(SEARCH, ladder.core.TaskId.of("t"), Instant.parse("2026-12-01T03:00:00Z"));
            assertThat(budgets).singleElement().satisfies(b -> {
                assertThat(b.key().scope()).isEqualTo(BudgetScope.TEAM_MONTH);
                assertThat(b.key().period()).isEqualTo("2026-11");
                assertThat(b.resetsAt()).isEqualTo(Instant.parse("2026-12-01T05:00:00Z"));
            });
        }
    }

    @Nested
    class Escalation {

        @Test
        void onEscalation_goesOneTierUp_forThatStepOnly() {
            RoutingPolicy p = policy(PolicyConfig.defaults());
            RouteRequest request = request("draft").build();
            RouteDecision.Use first = use(p.route(request));
            AttemptHistory history = AttemptHistory.empty().after(first);
            RouteDecision decision = p.onEscalation(request, history, EscalationReason.VALIDATION_FAILED);
            assertThat(decision).isInstanceOfSatisfying(RouteDecision.Escalate.class, e -> {
                assertThat(e.tier()).isEqualTo(Tier.LARGE);
                assertThat(e.from()).isEqualTo(Tier.MEDIUM);
                assertThat(e.model()).isEqualTo(ModelId.OPUS_4_8);
                assertThat(e.explanation().escalations()).isEqualTo(1);
            });
            // the next step of the task starts at its own tier again
            assertThat(use(p.route(request("draft").escalationsInTask(1).build()))
                            .tier())
                    .isEqualTo(Tier.MEDIUM);
        }

        @Test
        void onEscalation_perStepCapReached_refused() {
            RoutingPolicy p = policy(PolicyConfig.defaults());
            RouteRequest request = request("classify").build();
            AttemptHistory history = afterFirstAttempt(p, request);
            history = history.after((RouteDecision.Call) p.onEscalation(request, history, EscalationReason.MAX_TOKENS));
            RouteDecision.Refuse refuse = refuse(p.onEscalation(request, history, EscalationReason.MAX_TOKENS));
            assertThat(refuse.code()).isEqualTo(RefusalCode.ESCALATION_CAP_REACHED);
            assertThat(refuse.message()).contains("max-per-step 1");
        }

        @Test
        void onEscalation_perTaskCapReached_refused() {
            RoutingPolicy p = policy(PolicyConfig.defaults());
            RouteRequest request = request("classify").escalationsInTask(3).build();
            AttemptHistory history = afterFirstAttempt(p, request);
            assertThat(refuse(p.onEscalation(request, history, EscalationReason.REFUSAL))
                            .message())
                    .contains("max-per-task 3");
        }

        @Test
        void onEscalation_aboveCeiling_refused() {
            RoutingPolicy p = policy(PolicyConfig.defaults());
            RouteRequest request = request("plan").build();
            AttemptHistory history = afterFirstAttempt(p, request);
            RouteDecision.Refuse refuse = refuse(p.onEscalation(request, history, EscalationReason.LOW_CONFIDENCE));
            assertThat(refuse.code()).isEqualTo(RefusalCode.ESCALATION_NOT_ALLOWED);
            assertThat(refuse.message()).contains("may use tiers up to large");
        }

        @Test
        void onEscalation_notATrigger_refused() {
            PolicyConfig d = PolicyConfig.defaults();
            PolicyConfig config = new PolicyConfig(
                    "",
                    d.defaultTier(),
                    d.steps(),
                    d.tierModels(),
                    d.rules(),
                    new EscalationConfig(1, 3, Set.of(EscalationReason.VALIDATION_FAILED)),
                    d.fallback(),
                    d.access());
            RoutingPolicy p = policy(config);
            RouteRequest request = request("draft").build();
            AttemptHistory history = afterFirstAttempt(p, request);
            assertThat(refuse(p.onEscalation(request, history, EscalationReason.TOOL_ERROR))
                            .message())
                    .isEqualTo("tool_error does not trigger escalation in this policy; triggers: [validation_failed]");
        }
    }

    @Nested
    class Fallback {

        @Test
        void onFailure_rateLimited_retriesSameModelHonouringRetryAfter() {
            RoutingPolicy p = policy(PolicyConfig.defaults());
            RouteRequest request = request("draft").build();
            AttemptHistory history = afterFirstAttempt(p, request);
            UpstreamFailure failure = UpstreamFailure.fromHttp(429, Map.of("retry-after", "7"), AT);
            RouteDecision decision = p.onFailure(request, history, failure);
            assertThat(decision).isInstanceOfSatisfying(RouteDecision.FallBack.class, f -> {
                assertThat(f.action()).isEqualTo(FallbackAction.RETRY);
                assertThat(f.model()).isEqualTo(ModelId.SONNET_4_6);
                assertThat(f.delay()).isEqualTo(Duration.ofSeconds(7));
            });
        }

        @Test
        void onFailure_serverError_backsOffExponentiallyWithJitter() {
            RoutingPolicy p = policy(withFallback(
                    PolicyConfig.defaults(),
                    new FallbackConfig(
                            5, Backoff.DEFAULT, Map.of(), Map.of(), FallbackConfig.DEFAULT_MAX_RETRY_AFTER)));
            RouteRequest request = request("draft").build();
            AttemptHistory history = afterFirstAttempt(p, request);
            List<Long> delays = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RouteDecision.FallBack f = fallBack(p.onFailure(request, history, UpstreamFailure.ofStatus(500)));
                delays.add(f.delay().toMillis());
                history = history.after(f);
            }
            // 500, 1000, 2000, 4000 ms, each less an eighth (jitter 0.25 x random 0.5)
            assertThat(delays).containsExactly(438L, 875L, 1750L, 3500L);
            assertThat(refuse(p.onFailure(request, history, UpstreamFailure.ofStatus(500)))
                            .code())
                    .isEqualTo(RefusalCode.ATTEMPTS_EXHAUSTED);
        }

        @Test
        void onFailure_overloaded_reroutesWithinFloor() {
            // plan starts at large; the default chain opus -> sonnet needs the step to allow medium
            RoutingPolicy strict = policy(PolicyConfig.defaults());
            RouteRequest request = request("plan").build();
            AttemptHistory history = afterFirstAttempt(strict, request);
            RouteDecision.FallBack retry = fallBack(strict.onFailure(request, history, UpstreamFailure.ofStatus(529)));
            assertThat(retry.action()).isEqualTo(FallbackAction.RETRY);
            assertThat(retry.explanation().notes()).anyMatch(n -> n.contains("below this step's floor large"));

            RoutingPolicy lenient = policy(withRules(new RouteRule(
                    "plan-may-drop", RuleMatch.ANY.withSteps(Set.of(StepType.PLAN)), Tier.LARGE, Tier.MEDIUM)));
            history = afterFirstAttempt(lenient, request);
            RouteDecision.FallBack down = fallBack(lenient.onFailure(request, history, UpstreamFailure.ofStatus(529)));
            assertThat(down.action()).isEqualTo(FallbackAction.REROUTE);
            assertThat(down.model()).isEqualTo(ModelId.SONNET_4_6);
            assertThat(down.tier()).isEqualTo(Tier.MEDIUM);
            assertThat(down.delay()).isZero();
        }

        @Test
        void onFailure_clientError_notRetryable() {
            RoutingPolicy p = policy(PolicyConfig.defaults());
            RouteRequest request = request("draft").build();
            AttemptHistory history = afterFirstAttempt(p, request);
            assertThat(refuse(p.onFailure(request, history, UpstreamFailure.ofStatus(400)))
                            .code())
                    .isEqualTo(RefusalCode.NOT_RETRYABLE);
        }

        @Test
        void onFailure_retryAfterTooLong_reroutesOrRefuses() {
            RoutingPolicy p = policy(PolicyConfig.defaults());
            RouteRequest request = request("draft").build();
            AttemptHistory history = afterFirstAttempt(p, request);
            UpstreamFailure failure = UpstreamFailure.fromHttp(429, Map.of("retry-after", "120"), AT);
            // sonnet's default chain goes down to haiku, below the floor of a draft step
            RouteDecision.Refuse refuse = refuse(p.onFailure(request, history, failure));
            assertThat(refuse.message()).contains("longer than fallback.max-retry-after PT30S");
            RoutingPolicy lenient = policy(withRules(new RouteRule("any", RuleMatch.ANY, Tier.MEDIUM, Tier.SMALL)));
            history = afterFirstAttempt(lenient, request);
            RouteDecision.FallBack down = fallBack(lenient.onFailure(request, history, failure));
            assertThat(down.model()).isEqualTo(ModelId.HAIKU_4_5);
            assertThat(down.action()).isEqualTo(FallbackAction.REROUTE);
        }

        @Test
        void onFailure_failAction_refuses() {
            RoutingPolicy p = policy(withFallback(
                    PolicyConfig.defaults(),
                    new FallbackConfig(
                            3,
                            Backoff.DEFAULT,
                            Map.of(FailureClass.TIMEOUT, FallbackAction.FAIL),
                            Map.of(),
                            FallbackConfig.DEFAULT_MAX_RETRY_AFTER)));
            RouteRequest request = request("draft").build();
            AttemptHistory history = afterFirstAttempt(p, request);
            assertThat(refuse(p.onFailure(request, history, UpstreamFailure.timeout()))
                            .message())
                    .contains("fallback.on.timeout");
        }
    }
}
