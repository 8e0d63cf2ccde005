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
            ReportCommand.class,
            FindingsCommand.class,
            LedgerCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
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
