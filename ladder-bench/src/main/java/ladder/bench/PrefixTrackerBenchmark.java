package ladder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import ladder.core.TaskId;
import ladder.core.prefix.PrefixObservation;
import ladder.core.prefix.PrefixTracker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What does fingerprinting a request's cacheable prefix cost (the ledger analyzer does it for every call, see {@link
 * PrefixTracker}), relative to merely parsing the body? The same Claude-Code-like body of about 49 kB as {@link
 * RequestFactsBenchmark}, observed again and again for one task (every block unchanged, the common case); the baseline
 * {@code jacksonReadTree} is a plain Jackson tree parse of the same bytes in the same run: report {@code observe /
 * jacksonReadTree}.
 *
 * <p>Run: {@code ./mvnw -q -pl ladder-bench -am package -DskipTests && java -jar ladder-bench/target/benchmarks.jar
 * PrefixTrackerBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PrefixTrackerBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TaskId TASK = TaskId.of("bench-task");

    private final byte[] body = RequestFactsBenchmark.claudeCodeLikeBody();
    private final PrefixTracker tracker = new PrefixTracker();

    @Benchmark
    public PrefixObservation observe() {
        return tracker.observe(TASK, body);
    }

    @Benchmark
    public JsonNode jacksonReadTree() throws IOException {
        return JSON.readTree(body);
    }
}
