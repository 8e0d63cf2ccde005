package ladder.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import ladder.sim.SimConfig;
import ladder.sim.SimConfigException;
import ladder.sim.SimulatedUpstream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ladder upstream-sim}: runs the simulated Anthropic upstream until the process is stopped. */
@Command(
        name = "upstream-sim",
        mixinStandardHelpOptions = true,
        description = "Run a simulated Anthropic Messages API (no API key needed) until killed.")
final class UpstreamSimCommand implements Callable<Integer> {

    // Held strongly: JUL forgets levels of loggers that are garbage collected.
    private static final Logger HELIDON_LOG = Logger.getLogger("io.helidon");

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--port",
            description = "Port to listen on (default: from the config, else 8089; 0 = any free port).")
    private Integer port;

    @Option(names = "--host", description = "Address to bind (default: from the config, else 127.0.0.1).")
    private String host;

    @Option(names = "--config", paramLabel = "FILE", description = "Sim config YAML (see examples/sim.yaml).")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        SimConfig sim;
        try {
            sim = config == null ? SimConfig.defaults() : SimConfig.load(config);
            if (port != null) {
                sim = sim.withPort(port);
            }
            if (host != null) {
                sim = sim.withHost(host);
            }
        } catch (SimConfigException | IllegalArgumentException e) {
            err.println("ladder upstream-sim: " + e.getMessage());
            return 2;
        }
        HELIDON_LOG.setLevel(Level.WARNING);
        SimulatedUpstream upstream;
        try {
            upstream = SimulatedUpstream.start(sim);
        } catch (RuntimeException e) {
            err.println(
                    "ladder upstream-sim: cannot listen on " + sim.host() + ":" + sim.port() + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            upstream.close();
            stopped.countDown();
        }));
        PrintWriter out = spec.commandLine().getOut();
        out.println("ladder upstream-sim listening on " + upstream.baseUri());
        out.println("point clients at it, e.g. ANTHROPIC_BASE_URL=" + upstream.baseUri() + " (any API key works)");
        out.flush();
        stopped.await();
        return 0;
    }
}
