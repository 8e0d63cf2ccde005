package ladder.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of a command line, for tests: its exit code and what it printed to each stream. */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code args} through the {@code ladder} executable's {@link Main}. */
    public static CliRun ofMain(String... args) {
        return of(new Main(), args);
    }

    /** Runs {@code args} through {@code command} (a picocli command object). */
    public static CliRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
