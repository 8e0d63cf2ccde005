package ladder.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamSimCommandTest {

    private static CliRun run(String... args) {
        return CliRun.ofMain(args);
    }

    @Test
    void upstreamSim_invalidConfig_exitsNonZeroWithOneLineNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sim.yaml");
        Files.writeString(file, "models:\n  claude-haiku-4-5:\n    invalid-json-rate: 3\n");

        CliRun r = run("upstream-sim", "--config", file.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("ladder upstream-sim: sim config ")
                .contains("models.claude-haiku-4-5.invalid-json-rate: 3 is invalid")
                .doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @Test
    void upstreamSim_missingConfig_exitsNonZero(@TempDir Path dir) {
        CliRun r = run("upstream-sim", "--config", dir.resolve("none.yaml").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("file not found");
    }

    @Test
    void help_listsUpstreamSim() {
        CliRun r = run("--help");

        assertThat(r.out()).contains("upstream-sim");
    }
}
