package ladder.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import ladder.core.ModelId;
import ladder.core.Usage;
import ladder.core.cost.CostCalculator;
import ladder.core.cost.CostResult;
import ladder.core.price.DefaultPriceCatalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * How long does pricing one usage block take, catalog lookup included? This runs once per upstream call on the
 * gateway's hot path, so it must stay far below a microsecond.
 *
 * <ul>
 *   <li>{@code canonicalId}: the model id as listed ({@code claude-sonnet-4-6}), cache write with a TTL split.
 *   <li>{@code bedrockId}: a Bedrock form ({@code us.anthropic.claude-haiku-4-5-20251001-v1:0}) that needs the
 *       platform-form reduction, batch pricing.
 *   <li>{@code longContext}: Sonnet 4.5 above 200K input, where the premium factors apply.
 * </ul>
 *
 * <p>Run: {@code make bench}, or {@code ./mvnw -q -pl ladder-bench -am package -DskipTests && java -jar
 * ladder-bench/target/benchmarks.jar CostCalculatorBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CostCalculatorBenchmark {

    private final CostCalculator calculator = new CostCalculator(DefaultPriceCatalog.get());
    private final Instant at = Instant.parse("2026-07-01T00:00:00Z");
    private final ModelId sonnet = ModelId.SONNET_4_6;
    private final ModelId bedrockHaiku = ModelId.of("us.anthropic.claude-haiku-4-5-20251001-v1:0");
    private final ModelId sonnet45 = ModelId.of("claude-sonnet-4-5");
    private final Usage cached = new Usage(
            3, 550, 12_304, 48_000, new Usage.CacheCreation.Split(10_000, 2_304), Usage.ServerToolUse.NONE, "standard");
    private final Usage large = Usage.of(150_000, 2_000, 10_000, 60_000);

    @Benchmark
    public CostResult canonicalId() {
        return calculator.price(sonnet, cached, false, at);
    }

    @Benchmark
    public CostResult bedrockId() {
        return calculator.price(bedrockHaiku, cached, true, at);
    }

    @Benchmark
    public CostResult longContext() {
        return calculator.price(sonnet45, large, false, at);
    }
}
