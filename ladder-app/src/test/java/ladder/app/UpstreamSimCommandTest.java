package ladder.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UpstreamSimCommandTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void upstreamSim_invalidConfig_exitsNonZeroWithOneLineNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sim.yaml");
        Files.writeString(file, "models:\n  claude-haiku-4-5:\n    invalid-json-rate: 3\n");

        Run r = run("upstream-sim", "--config", file.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("ladder upstream-sim: sim config ")
                .contains("models.claude-haiku-4-5.invalid-json-rate: 3 is invalid")
                .doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @Test
    void upstreamSim_missingConfig_exitsNonZero(@TempDir Path dir) {
        Run r = run("upstream-sim", "--config", dir.resolve("none.yaml").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("file not found");
    }

    @Test
    void help_listsUpstreamSim() {
        Run r = run("--help");

        assertThat(r.out()).contains("upstream-sim");
    }
}
