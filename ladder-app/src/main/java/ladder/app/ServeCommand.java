package ladder.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import ladder.core.Sleeper;
import ladder.gateway.ApiKey;
import ladder.gateway.Gateway;
import ladder.gateway.GatewayConfig;
import ladder.gateway.InMemoryAttempts;
import ladder.gateway.KeyRing;
import ladder.gateway.StaticPricer;
import ladder.gateway.StaticRouter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ladder serve --config FILE [--port N] [--upstream URL]}: runs the gateway until stopped. Routing, pricing and
 * the ledger are wired to the gateway's built-in implementations until core's policy, catalog and stores are adapted.
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

    @Override
    public Integer call() throws InterruptedException {
        GatewayConfigLoader.Loaded loaded;
        List<ApiKey> keys;
        try {
            loaded = GatewayConfigLoader.load(config, System.getenv());
            keys = KeysFile.read(loaded.keysFile());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("ladder serve: " + e.getMessage());
            return 2;
        }
        GatewayConfig c = loaded.gateway();
        if (port != null) {
            if (port < 0 || port > 65535) {
                spec.commandLine().getErr().println("ladder serve: --port " + port + " is not a port; use 0..65535");
                return 2;
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
                spec.commandLine()
                        .getErr()
                        .println("ladder serve: --upstream '" + upstream
                                + "' is not an http(s) URL such as http://127.0.0.1:9000");
                return 2;
            }
            c = c.withUpstreams(List.of(uri));
        }
        if (keys.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("ladder serve: warning: " + loaded.keysFile()
                            + " holds no keys; create one with: ladder keys create --team T --project P --data "
                            + loaded.keysFile());
        }
        InMemoryAttempts ledger = new InMemoryAttempts();
        Gateway gateway = Gateway.start(
                c,
                new Gateway.Ports(
                        KeyRing.of(keys),
                        StaticRouter.defaults(),
                        new StaticPricer(),
                        ledger,
                        ledger,
                        InstantSource.system(),
                        Sleeper.system()));
        spec.commandLine()
                .getErr()
                .println("ladder: gateway on http://" + c.host() + ":" + gateway.port() + " -> "
                        + c.upstreams().get(0) + " (" + keys.size() + " keys)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
