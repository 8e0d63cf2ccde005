package ladder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerStore;
import ladder.store.duckdb.DuckDbLedgerStore;
import ladder.testkit.CallRecords;
import ladder.testkit.InMemoryLedgerStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How many call records per second can the ledger store take in batches, as the writer sends them? DuckDB (file on
 * local disk, appender, one transaction per batch of {@value #BATCH}) against the in-memory store as the baseline
 * in the same run; the ratio of the two scores is what the file costs.
 *
 * <p>Run: {@code make bench} or {@code java -jar ladder-bench/target/benchmarks.jar LedgerWriteBenchmark -f 1 -wi 2
 * -i 3 -w 1s -r 1s}. Scores are records per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerWriteBenchmark {

    static final int BATCH = 1_000;

    @Param({"duckdb", "memory"})
    public String store;

    private List<CallRecord> batch;
    private Path dir;
    private LedgerStore target;

    @Setup(Level.Trial)
    public void records() throws IOException {
        batch = IntStream.range(0, BATCH)
                .mapToObj(i -> CallRecords.sample(i).build())
                .toList();
        dir = Files.createTempDirectory("ladder-bench");
    }

    // A fresh store per iteration keeps the in-memory baseline from growing without bound.
    @Setup(Level.Iteration)
    public void open() {
        target = switch (store) {
            case "duckdb" -> DuckDbLedgerStore.open(dir.resolve("ledger-" + System.nanoTime() + ".duckdb"));
            case "memory" -> new InMemoryLedgerStore();
            default -> throw new IllegalArgumentException("unknown store " + store);
        };
    }

    @TearDown(Level.Iteration)
    public void close() {
        target.close();
    }

    @TearDown(Level.Trial)
    public void deleteFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void appendBatch() {
        target.append(batch);
    }
}
