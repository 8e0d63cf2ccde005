package ladder.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ladder.core.StoreException;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerCursor;
import ladder.core.ledger.TimeWindow;
import ladder.testkit.CallRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills a real JVM that writes the ledger, and opens a file another JVM holds. */
@Timeout(60)
class DuckDbCrashIT {

    private static final long FLUSH_MILLIS = 200;
    // Time a commit in progress may take on a loaded 2-core machine, on top of the flush interval.
    private static final long COMMIT_SLACK_MILLIS = 300;

    @TempDir
    Path dir;

    @Test
    void writerProcessKilled_fileReadableAndAtMostOneFlushIntervalMissing() throws Exception {
        Path file = dir.resolve("crash.duckdb");
        Process child = start("write", file.toString(), Long.toString(FLUSH_MILLIS));
        List<long[]> submitted = new ArrayList<>();
        long killMicros;
        try (BufferedReader lines = reader(child)) {
            String line;
            // Run long enough for several flushes, then kill without warning.
            while ((line = lines.readLine()) != null) {
                String[] parts = line.split(" ");
                submitted.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
                if (submitted.size() >= 1_500) {
                    break;
                }
            }
            // Lines the child prints after this are not read (the kill closes the pipe); those records were
            // submitted after the kill decision, so losing them is within the bound by definition.
            killMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }

        List<CallRecord> stored = new ArrayList<>();
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(file)) {
            stored.addAll(store.recordsBetween(
                            TimeWindow.of(CallRecords.EPOCH, CallRecords.EPOCH.plusSeconds(1_000_000)),
                            LedgerCursor.start(),
                            100_000)
                    .records());
        }

        assertThat(stored).isNotEmpty();
        // Stored records are exactly a prefix of what was submitted: nothing lost in the middle, no corruption.
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i)).isEqualTo(CallRecords.sample(i).build());
        }
        long missingSince = killMicros - (FLUSH_MILLIS + COMMIT_SLACK_MILLIS) * 1_000;
        List<long[]> missing = submitted.subList(Math.min(stored.size(), submitted.size()), submitted.size());
        assertThat(missing)
                .as("records lost by the kill must have been submitted within one flush interval of it")
                .allSatisfy(m -> assertThat(m[1]).isGreaterThanOrEqualTo(missingSince));
    }

    @Test
    void open_fileHeldByAnotherProcess_saysAGatewayHoldsItAndToUseGatewayUrl() throws Exception {
        Path file = dir.resolve("held.duckdb");
        Process child = start("hold", file.toString());
        try (BufferedReader lines = reader(child)) {
            assertThat(lines.readLine()).isEqualTo("ready");

            assertThatThrownBy(() -> DuckDbLedgerStore.open(file))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is held by a running gateway")
                    .hasMessageContaining("--gateway URL");
        } finally {
            child.getOutputStream().close();
            child.destroyForcibly();
            child.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LedgerWriterChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static BufferedReader reader(Process child) {
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }
}
