package ladder.app.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import ladder.core.StoreException;
import ladder.store.duckdb.DuckDbLedgerStore;
import ladder.store.duckdb.SyntheticLedger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ladder ledger}: work with ledger files. */
@Command(
        name = "ledger",
        mixinStandardHelpOptions = true,
        description = "Ledger files.",
        subcommands = {LedgerCommand.Generate.class})
public final class LedgerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ladder ledger generate}: synthetic records for benchmarks and demos. */
    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description = {
                "Append realistic synthetic call records to a DuckDB ledger (generated inside DuckDB: ten million",
                "records take seconds). For benchmarks and demos; never point it at a production ledger."
            })
    public static final class Generate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--records", required = true, paramLabel = "N", description = "How many records.")
        long records;

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "The DuckDB ledger file.")
        Path data;

        @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed = 1;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (records < 0) {
                err.println("ladder ledger generate: --records must be >= 0, was " + records);
                return 1;
            }
            long started = System.nanoTime();
            try (DuckDbLedgerStore store = DuckDbLedgerStore.open(data)) {
                SyntheticLedger.generate(store, records, seed);
            } catch (StoreException e) {
                err.println("ladder ledger generate: " + e.getMessage());
                return 1;
            }
            out.printf(
                    java.util.Locale.ROOT,
                    "wrote %,d synthetic records to %s in %.1f s%n",
                    records,
                    data,
                    (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }
}
