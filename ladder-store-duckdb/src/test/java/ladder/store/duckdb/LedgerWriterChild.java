package ladder.store.duckdb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import ladder.core.Sleeper;
import ladder.core.ledger.AsyncLedgerWriter;
import ladder.core.ledger.LedgerWriterConfig;
import ladder.testkit.CallRecords;

/**
 * A child JVM for {@link DuckDbCrashIT}. Modes:
 *
 * <ul>
 *   <li>{@code write FILE FLUSH_MILLIS}: writes records {@code req-0, req-1, ...} through an {@link
 *       AsyncLedgerWriter} into the DuckDB file, one about every millisecond, printing {@code <index> <epoch micros>}
 *       after each submit, until killed.
 *   <li>{@code hold FILE}: opens the file, prints {@code ready}, and keeps it open until stdin closes.
 * </ul>
 */
final class LedgerWriterChild {

    private LedgerWriterChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "hold" -> {
                try (DuckDbLedgerStore store = DuckDbLedgerStore.open(file)) {
                    out.println("ready");
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                }
            }
            case "write" -> write(file, Duration.ofMillis(Long.parseLong(args[2])), out);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void write(Path file, Duration flushInterval, PrintStream out) throws InterruptedException {
        DuckDbLedgerStore store = DuckDbLedgerStore.open(file);
        // A batch larger than anything written per interval: every flush is driven by the interval.
        LedgerWriterConfig config =
                LedgerWriterConfig.defaults().withQueue(100_000, 50_000).withFlushInterval(flushInterval);
        AsyncLedgerWriter writer = AsyncLedgerWriter.start(store, config, Sleeper.system());
        for (int i = 0; ; i++) {
            writer.submit(CallRecords.sample(i).build());
            out.println(i + " " + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
            Thread.sleep(1);
        }
    }
}
