package ladder.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import ladder.app.wiring.LadderRuntime;
import ladder.app.wiring.LedgerLocation;
import ladder.core.Sleeper;
import ladder.gateway.ApiKey;
import ladder.gateway.GatewayConfig;
import ladder.store.duckdb.DuckDbLedgerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ladder serve --config FILE [--port N] [--upstream URL]}: runs the gateway until stopped, routing by the
 * policy over the versioned price catalog and recording every upstream attempt in the call ledger.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Ladder gateway.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "YAML config file with a gateway: section.")
    Path config;

    @Option(names = "--port", description = "Listen on this port instead of gateway.listen.port.")
    Integer port;

    @Option(names = "--upstream", description = "Forward to this base URL instead of gateway.upstream.base-url(s).")
    String upstream;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "Routing policy file instead of gateway.policy-file.")
    Path policy;

    @Option(
            names = "--catalog",
            paramLabel = "FILE",
            description = "User price catalog instead of gateway.catalog-file.")
    Path catalog;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Directory of the embedded DuckDB ledger (default ladder-data).")
    Path data;

    @Option(names = "--store", paramLabel = "URL", description = "A jdbc:postgresql: URL for a shared ledger.")
    String store;

    @Option(
            names = "--no-ledger",
            description = "Benchmarking aid: discard call records instead of storing them (nothing is recorded).")
    boolean noLedger;

    @Override
    public Integer call() throws InterruptedException {
        LadderRuntime.Settings settings;
        try {
            settings = settings();
        } catch (ConfigException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("ladder serve: " + e.getMessage());
            return 2;
        }
        if (settings.keys().isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("ladder serve: warning: no client keys; create one with: ladder keys create --team T"
                            + " --project P --data KEYS-FILE");
        }
        LadderRuntime runtime;
        try {
            runtime = LadderRuntime.start(settings, InstantSource.system(), Sleeper.system());
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("ladder serve: cannot start: " + e.getMessage());
            return 1;
        }
        GatewayConfig c = settings.gateway();
        spec.commandLine()
                .getErr()
                .println("ladder: gateway on http://" + c.host() + ":" + runtime.port() + " -> "
                        + c.upstreams().get(0) + " (" + settings.keys().size() + " keys, ledger "
                        + settings.ledger() + ", metrics at /metrics)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Graceful shutdown: stop taking calls, then flush every queued ledger record.
            runtime.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private LadderRuntime.Settings settings() {
        GatewayConfigLoader.Loaded loaded = GatewayConfigLoader.load(config, System.getenv());
        List<ApiKey> keys = KeysFile.read(loaded.keysFile());
        GatewayConfig c = loaded.gateway();
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new ConfigException("--port " + port + " is not a port; use 0..65535");
            }
            c = c.withPort(port);
        }
        if (upstream != null) {
            URI uri;
            try {
                uri = URI.create(upstream);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !uri.getScheme().matches("https?")) {
                throw new ConfigException(
                        "--upstream '" + upstream + "' is not an http(s) URL such as http://127.0.0.1:9000");
            }
            c = c.withUpstreams(List.of(uri));
        }
        LedgerLocation ledger;
        String storeUrl = store != null ? store : loaded.storeUrl();
        if (noLedger) {
            ledger = new LedgerLocation.Discard();
        } else if (!storeUrl.isEmpty()) {
            ledger = LedgerLocation.ofStoreUrl(storeUrl);
        } else {
            Path dir = data != null ? data : loaded.dataDir();
            ledger = new LedgerLocation.DuckDb(dir.resolve(DuckDbLedgerStore.DEFAULT_FILE.getFileName()));
        }
        ladder.core.route.PolicyConfig policyConfig = RuntimeInputs.policy(
                        policy != null ? List.of(policy) : loaded.policyFile())
                .config();
        return new LadderRuntime.Settings(
                c,
                withPolicyKeys(keys, policyConfig),
                policyConfig,
                RuntimeInputs.catalog(catalog != null ? List.of(catalog) : loaded.catalogFile()),
                ledger,
                loaded.writer(),
                loaded.telemetry(),
                loaded.budgetReservationTimeout());
    }

    /**
     * The keys file's keys plus the keys a policy lists by SHA-256 ({@code keys:}), so either place admits a client;
     * a hash in both keeps the keys file's entry (it can carry a revocation).
     */
    static List<ApiKey> withPolicyKeys(List<ApiKey> fileKeys, ladder.core.route.PolicyConfig policy) {
        List<ApiKey> all = new java.util.ArrayList<>(fileKeys);
        java.util.Set<String> known = new java.util.HashSet<>();
        fileKeys.forEach(k -> known.add(k.sha256()));
        for (ladder.core.access.KeyEntry entry : policy.access().keys()) {
            if (known.add(entry.sha256())) {
                all.add(new ApiKey(
                        "policy:" + entry.principal().name(),
                        entry.sha256(),
                        entry.principal().team(),
                        entry.principal().project(),
                        false));
            }
        }
        return all;
    }
}
