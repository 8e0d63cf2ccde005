package ladder.app;

import ladder.app.policy.PolicyCommand;
import ladder.app.policy.RouteCommand;
import ladder.app.price.CostCommand;
import ladder.app.price.PricesCommand;
import ladder.app.report.FindingsCommand;
import ladder.app.report.LedgerCommand;
import ladder.app.report.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ladder} executable; every subcommand is registered here. */
@Command(
        name = "ladder",
        mixinStandardHelpOptions = true,
        version = "ladder 0.1.0",
        description = "Cost-per-task model router and gateway for Anthropic Claude.",
        subcommands = {
            CommandLine.HelpCommand.class,
            PricesCommand.class,
            CostCommand.class,
            RouteCommand.class,
            PolicyCommand.class,
            UpstreamSimCommand.class,
            ServeCommand.class,
            KeysCommand.class,
            ladder.app.demo.DemoCommand.class,
            ReportCommand.class,
            FindingsCommand.class,
            LedgerCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        configureLogging();
        System.exit(run(args));
    }

    /** Loads Ladder's logging defaults unless the user configured JUL explicitly. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (java.io.InputStream in = Main.class.getResourceAsStream("/ladder-logging.properties")) {
            if (in != null) {
                java.util.logging.LogManager.getLogManager().readConfiguration(in);
            }
            if ("json".equalsIgnoreCase(System.getenv("LADDER_LOG_FORMAT"))) {
                for (java.util.logging.Handler handler :
                        java.util.logging.Logger.getLogger("").getHandlers()) {
                    handler.setFormatter(new JsonLogFormatter());
                }
            }
        } catch (java.io.IOException e) {
            System.err.println("ladder: cannot read the built-in logging configuration: " + e.getMessage());
        }
    }

    /** Runs the CLI and returns the exit code, for tests. */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
