package ladder.app.policy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import ladder.core.route.PolicyFinding;
import ladder.core.route.PolicyLint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ladder policy}: work with routing policy files. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Routing policy files.",
        subcommands = {PolicyCommand.Check.class})
public final class PolicyCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ladder policy check FILE}: validate, then lint. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Validates a policy file and warns about legal-but-suspicious settings.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:valid (warnings allowed unless --strict)", "1:errors, or warnings with --strict"})
    public static final class Check implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The policy file.")
        Path file;

        @Option(names = "--strict", description = "Treat warnings as errors.")
        boolean strict;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            LoadedPolicy loaded;
            try {
                loaded = PolicyLoader.load(file);
            } catch (InvalidPolicyException e) {
                e.errors().forEach(line -> err.println(line.replaceFirst("^([^:]*:\\d+): ", "$1: error: ")));
                err.println(file + ": " + e.errors().size() + " error(s)");
                return 1;
            }
            List<PolicyFinding> findings = PolicyLint.lint(
                    loaded.config(), RouteCommand.LADDER, InstantSource.system().instant());
            for (PolicyFinding finding : findings) {
                err.println(loaded.where(finding.path()) + ": "
                        + finding.severity().id() + ": " + finding.path() + ": " + finding.message());
            }
            out.println(file + ": valid, " + loaded.config().rules().size() + " rule(s), " + findings.size()
                    + " warning(s)");
            return strict && !findings.isEmpty() ? 1 : 0;
        }
    }
}
