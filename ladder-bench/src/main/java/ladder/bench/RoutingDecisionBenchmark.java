package ladder.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.access.InMemoryBudgetLedger;
import ladder.core.access.Principal;
import ladder.core.route.Difficulty;
import ladder.core.route.FixedModelLadder;
import ladder.core.route.LongRange;
import ladder.core.route.PolicyConfig;
import ladder.core.route.RouteDecision;
import ladder.core.route.RouteRequest;
import ladder.core.route.RouteRule;
import ladder.core.route.RoutingPolicy;
import ladder.core.route.RuleMatch;
import ladder.core.route.ScoreRange;
import ladder.core.route.StepType;
import ladder.core.route.ToolsCondition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does one routing decision take with a 50-rule policy, when the call matches no rule and falls through to
 * its step type (the worst case: every rule is evaluated)? Goal: under 1 microsecond.
 *
 * <p>Run: {@code ./mvnw -q -pl ladder-bench -am package -DskipTests && java -jar ladder-bench/target/benchmarks.jar
 * RoutingDecisionBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RoutingDecisionBenchmark {

    private RoutingPolicy policy;
    private RouteRequest fallThrough;
    private RouteRequest lastRule;

    @Setup
    public void setUp() {
        List<RouteRule> rules = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RuleMatch match = new RuleMatch(
                    Set.of(StepType.of("step" + i), StepType.DRAFT),
                    Set.of("team" + i, "search"),
                    Set.of(),
                    new LongRange(10_000L * i, 10_000L * i + 9_999),
                    i % 2 == 0 ? ToolsCondition.PRESENT : ToolsCondition.ANY,
                    LongRange.ANY,
                    i % 3 == 0 ? new ScoreRange(0.5, 1) : ScoreRange.ANY,
                    Set.of());
            rules.add(RouteRule.of("rule-" + i, match, Tier.values()[i % 3]));
        }
        PolicyConfig d = PolicyConfig.defaults();
        PolicyConfig config = new PolicyConfig(
                "bench", d.defaultTier(), d.steps(), d.tierModels(), rules, d.escalation(), d.fallback(), d.access());
        policy = RoutingPolicy.of(config, FixedModelLadder.standard(), new InMemoryBudgetLedger());
        Instant at = Instant.parse("2026-11-15T12:00:00Z");
        fallThrough = RouteRequest.builder(Principal.of("search", "indexer"), TaskId.of("t"), at)
                .stepType(StepType.SUMMARIZE)
                .inputTokens(12_345)
                .maxTokens(4_096)
                .toolsPresent(true)
                .difficulty(Difficulty.of(0.4))
                .build();
        lastRule = RouteRequest.builder(Principal.of("search", "indexer"), TaskId.of("t"), at)
                .stepType(StepType.of("step49"))
                .inputTokens(495_000)
                .maxTokens(4_096)
                .build();
    }

    /** All 50 rules miss; the step type decides. */
    @Benchmark
    public RouteDecision routeNoRuleMatches() {
        return policy.route(fallThrough);
    }

    /** The 50th rule matches. */
    @Benchmark
    public RouteDecision routeLastRuleMatches() {
        return policy.route(lastRule);
    }
}
