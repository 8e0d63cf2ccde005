package ladder.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import ladder.core.Sleeper;
import ladder.core.ledger.AsyncLedgerWriter;
import ladder.core.ledger.LedgerWriterConfig;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.route.PolicyConfig;
import ladder.gateway.GatewayConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ledger writer thread's Linux scheduling policy and nice value, read back from {@code /proc} (field 41 of
 * {@code stat} is the policy: 0 normal, 3 batch, 5 idle; field 19 the nice value). Skipped off Linux and where
 * util-linux's {@code chrt} is missing.
 */
class LedgerWriterPriorityIT {

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_BATCH = 3;
    private static final int SCHED_IDLE = 5;

    @TempDir
    Path dir;

    @BeforeEach
    void linuxWithChrt() {
        assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "Linux /proc/thread-self");
        assumeTrue(commandRuns("chrt", "--version") && commandRuns("renice", "--version"), "util-linux chrt/renice");
    }

    @ParameterizedTest
    @EnumSource(LedgerWriterPriority.class)
    void threads_eachPriority_threadRunsItsTaskAtThatPolicy(LedgerWriterPriority priority) throws Exception {
        Scheduling before = Scheduling.of(Path.of("/proc/thread-self/stat"));
        AtomicReference<Scheduling> seen = new AtomicReference<>();
        Thread thread = priority.threads().newThread(() -> seen.set(Scheduling.of(Path.of("/proc/thread-self/stat"))));
        thread.start();
        thread.join();

        switch (priority) {
            case IDLE -> assertThat(seen.get().policy()).isEqualTo(SCHED_IDLE);
            case BATCH -> assertThat(seen.get()).isEqualTo(new Scheduling(SCHED_BATCH, 19));
            case NORMAL -> assertThat(seen.get()).isEqualTo(before);
        }
        assertThat(Scheduling.of(Path.of("/proc/thread-self/stat")))
                .as("the starting thread keeps its priority")
                .isEqualTo(before);
    }

    @Test
    void lowerCurrentThread_commandMissing_returnsFalseAndLeavesThreadAsItWas() throws Exception {
        ThreadScheduling missing = new ThreadScheduling("ladder-test-no-such-chrt", "ladder-test-no-such-renice");
        AtomicReference<Boolean> applied = new AtomicReference<>();
        AtomicReference<Scheduling> seen = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().unstarted(() -> {
            applied.set(missing.lowerCurrentThread(LedgerWriterPriority.BATCH));
            seen.set(Scheduling.of(Path.of("/proc/thread-self/stat")));
        });
        Scheduling before = Scheduling.of(Path.of("/proc/thread-self/stat"));
        thread.start();
        thread.join();

        assertThat(applied.get()).isFalse();
        assertThat(seen.get()).isEqualTo(before);
    }

    @Test
    void start_defaultSettings_ledgerWriterThreadRunsAtIdlePolicy() throws Exception {
        Set<Path> writersBefore = writerThreads();
        GatewayConfig gateway = GatewayConfig.of("127.0.0.1", 0, URI.create("http://127.0.0.1:9"), "upstream-test-key");
        try (LadderRuntime runtime = LadderRuntime.start(
                new LadderRuntime.Settings(
                        gateway,
                        List.of(),
                        PolicyConfig.defaults(),
                        DefaultPriceCatalog.get(),
                        new LedgerLocation.DuckDb(dir.resolve("ledger.duckdb")),
                        LedgerWriterConfig.defaults()),
                InstantSource.system(),
                Sleeper.system())) {
            Set<Path> started = writerThreads();
            started.removeAll(writersBefore);
            assertThat(started).hasSize(1);
            Path stat = started.iterator().next().resolve("stat");
            // The writer lowers itself as its first step, asynchronously to start(); wait for it, briefly.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (Scheduling.of(stat).policy() != SCHED_IDLE && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(Scheduling.of(stat).policy()).isEqualTo(SCHED_IDLE);
        }
    }

    /** The tasks of this process named like the ledger writer (the kernel keeps 15 characters of a name). */
    private static Set<Path> writerThreads() throws IOException {
        String comm = AsyncLedgerWriter.THREAD_NAME.substring(0, 15);
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                        try {
                            return Files.readString(t.resolve("comm")).strip().equals(comm);
                        } catch (IOException e) {
                            return false; // the thread ended meanwhile
                        }
                    })
                    .map(t -> Path.of("/proc/self/task", t.getFileName().toString()))
                    .collect(Collectors.toCollection(java.util.HashSet::new));
        }
    }

    private static boolean commandRuns(String... command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A thread's scheduling policy and nice value, from its {@code /proc/.../stat}. */
    private record Scheduling(int policy, int nice) {
        static Scheduling of(Path stat) {
            try {
                String text = Files.readString(stat);
                // Fields after the command name in parentheses (which may hold spaces) start at field 3.
                String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                return new Scheduling(Integer.parseInt(fields[41 - 3]), Integer.parseInt(fields[19 - 3]));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
