package ladder.app.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import ladder.app.policy.LoadedPolicy;
import ladder.app.wiring.LadderRuntime;
import ladder.app.wiring.LedgerLocation;
import ladder.core.ModelId;
import ladder.core.Sleeper;
import ladder.core.cost.CostCalculator;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.LedgerWriterConfig;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.price.PriceCatalog;
import ladder.gateway.ApiKey;
import ladder.gateway.GatewayConfig;
import ladder.sim.FaultConfig;
import ladder.sim.ModelProfile;
import ladder.sim.SimConfig;
import ladder.sim.SimulatedUpstream;
import ladder.store.duckdb.DuckDbLedgerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ladder demo}: Ladder's main job on its embedded defaults, with no API key. Starts the simulated upstream
 * (with injected overloads and imperfect small models) and the gateway over a DuckDB ledger, drives a realistic
 * agent workload through it with a real HTTP client, and prints what each task cost against the alternatives.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run a realistic agent workload through Ladder against the simulated upstream and show cost per"
                + " task.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--tasks", description = "Agent tasks to run (default ${DEFAULT-VALUE}).", defaultValue = "300")
    int tasks;

    @Option(names = "--concurrency", description = "Tasks in flight (default ${DEFAULT-VALUE}).", defaultValue = "24")
    int concurrency;

    @Option(names = "--seed", description = "Workload seed (default ${DEFAULT-VALUE}).", defaultValue = "7")
    long seed;

    @Option(
            names = "--data",
            description = "Directory for the demo's ledger file (default ${DEFAULT-VALUE}).",
            defaultValue = "ladder-data")
    Path data;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (tasks < 1 || concurrency < 1) {
            System.err.println("ladder demo: --tasks and --concurrency must be at least 1");
            return 2;
        }
        Path ledgerFile = data.resolve("demo.duckdb");
        Files.createDirectories(data);
        deleteOldRun(ledgerFile);
        PriceCatalog catalog = DefaultPriceCatalog.get();
        ApiKey.Created key = ApiKey.create("demo-team", "support-agent", new SecureRandom());

        out.println("Ladder demo: simulated Anthropic upstream + gateway + DuckDB ledger (" + ledgerFile + ")");
        try (SimulatedUpstream upstream = SimulatedUpstream.start(simConfig())) {
            LadderRuntime.Settings settings = new LadderRuntime.Settings(
                    GatewayConfig.of("127.0.0.1", 0, upstream.baseUri(), "sim-key-not-secret"),
                    List.of(key.stored()),
                    LoadedPolicy.defaults().config(),
                    catalog,
                    new LedgerLocation.DuckDb(ledgerFile),
                    LedgerWriterConfig.defaults().withFlushInterval(Duration.ofMillis(200)));
            List<AgentWorkload.PlannedTask> planned = AgentWorkload.plan(tasks, seed);
            long steps = planned.stream().mapToLong(t -> t.steps().size()).sum();
            out.printf(
                    "  %d tasks, %d steps, %d at a time; injected: 529s on the large and frontier tiers, "
                            + "invalid tool input and JSON from smaller models%n",
                    tasks, steps, concurrency);
            long started = System.nanoTime();
            LadderRuntime runtime = LadderRuntime.start(settings, InstantSource.system(), Sleeper.system());
            try (runtime) {
                int port = runtime.port();
                out.println("  gateway on http://127.0.0.1:" + port + " (metrics at /metrics while it runs)");
                new DemoDriver(URI.create("http://127.0.0.1:" + port), key.plainKey(), concurrency, seed)
                        .run(planned, out);
            }
            // Read after close: every attempt has been through the ledger pipeline by then.
            String metrics = runtime.metrics();
            out.printf("  finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
            List<CallRecord> records;
            try (LedgerStore store = DuckDbLedgerStore.open(ledgerFile)) {
                records = new java.util.ArrayList<>();
                store.forEachBetween(
                        new ladder.core.ledger.TimeWindow(
                                java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(3600)),
                        10_000,
                        records::add);
            }
            DemoSummary summary = new DemoSummary(new CostCalculator(catalog), ModelId.OPUS_4_8);
            summary.print(summary.compute(records), out);
            out.println();
            out.println("Where to look next:");
            out.println("  ledger:  " + ledgerFile + " (every upstream attempt, priced with its price version)");
            out.println("  report:  ./ladder report --data " + ledgerFile + "   and   ./ladder findings --data "
                    + ledgerFile);
            out.println("  metrics: GET /metrics on a running gateway (ladder serve); at the end of this run:");
            metrics.lines()
                    .filter(l -> l.startsWith("ladder_requests_total")
                            || l.startsWith("ladder_escalations_total")
                            || l.startsWith("ladder_fallbacks_total")
                            || l.startsWith("ladder_cache_hit_ratio"))
                    .limit(8)
                    .forEach(l -> out.println("    " + l));
        }
        return 0;
    }

    private static SimConfig simConfig() {
        // Fast enough to finish in about a minute, slow enough that latency is visible; faults make the point.
        ModelProfile haiku = ModelProfile.of(Duration.ofMillis(40), Duration.ofMillis(1), 2048)
                .withInvalidJsonRate(0.12)
                .withInvalidToolInputRate(0.12);
        ModelProfile sonnet = ModelProfile.of(Duration.ofMillis(60), Duration.ofMillis(1), 1024)
                .withInvalidToolInputRate(0.08)
                .withInvalidJsonRate(0.05);
        ModelProfile opus = ModelProfile.of(Duration.ofMillis(90), Duration.ofMillis(1), 1024)
                .withFaults(FaultConfig.overloaded(0.08));
        ModelProfile fable = ModelProfile.of(Duration.ofMillis(120), Duration.ofMillis(2), 1024)
                .withFaults(FaultConfig.overloaded(0.15));
        return SimConfig.instant()
                .withModel("claude-haiku-4-5", haiku)
                .withModel("claude-sonnet-4-6", sonnet)
                .withModel("claude-opus-4-8", opus)
                .withModel("claude-fable-5", fable);
    }

    private static void deleteOldRun(Path ledgerFile) throws IOException {
        Files.deleteIfExists(ledgerFile);
        Files.deleteIfExists(ledgerFile.resolveSibling(ledgerFile.getFileName() + ".wal"));
    }
}
