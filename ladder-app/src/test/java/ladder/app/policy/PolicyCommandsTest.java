package ladder.app.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ladder.app.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandsTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.ofMain(args);
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void route_defaultPolicy_printsDecisionAndExplanation() {
        CliRun run = run("route", "--step", "classify");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("use claude-haiku-4-5 (small)").contains("rule: step-type classify");
    }

    @Test
    void route_json_isMachineReadable() {
        CliRun run = run("route", "--step", "plan", "--json", "--tools", "--failures", "2");
        assertThat(run.out()).contains("\"model\" : \"claude-opus-4-8\"", "\"tools\" : \"true\"");
    }

    @Test
    void route_refused_exitsTwo() throws IOException {
        Path file = write("teams:\n  default:\n    requested-models: deny\n");
        CliRun run = run("route", "--policy", file.toString(), "--requested-model", "claude-opus-4-8");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).startsWith("refuse REQUESTED_MODEL_DENIED");
    }

    @Test
    void route_invalidPolicy_exitsOneWithErrors() throws IOException {
        Path file = write("default-tier: huge\n");
        CliRun run = run("route", "--policy", file.toString(), "--step", "draft");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(file + ":1: default-tier: 'huge' is not a tier");
    }

    @Test
    void check_example_validWithoutWarnings() {
        CliRun run =
                run("policy", "check", Path.of("..", "examples", "policy.yaml").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("valid, 4 rule(s), 0 warning(s)");
    }

    @Test
    void check_warnings_exitZeroUnlessStrict() throws IOException {
        Path file = write("""
                price-version: 2025-01-01
                rules:
                  - name: big-classify
                    when: {step: classify}
                    tier: large
                fallback:
                  max-attempts: 2
                  chains:
                    claude-opus-4-8: [claude-sonnet-4-6, claude-haiku-4-5]
                    claude-sonnet-4-6: [claude-opus-4-8]
                teams:
                  research:
                    max-tier: frontier
                """);
        CliRun run = run("policy", "check", file.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err())
                .contains(file + ":5: warning: rules[0].tier: rule 'big-classify' sends classification-type steps")
                .contains(file + ":9: warning: fallback.chains.claude-opus-4-8: fallback chain can loop")
                .contains(file + ":9: warning: fallback.chains.claude-opus-4-8: chain lists 2 fallback model(s)")
                .contains(file + ":1: warning: price-version: stale price anchor")
                .contains(file + ":13: warning: teams.research.max-tier: team 'research' may use the frontier tier"
                        + " but has no monthly-budget");
        assertThat(run("policy", "check", "--strict", file.toString()).exit()).isEqualTo(1);
    }

    @Test
    void check_errors_exitOne() throws IOException {
        Path file = write("rules:\n  - tier: hug\n");
        CliRun run = run("policy", "check", file.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(file + ":2: error: rules[0].tier: 'hug' is not a tier");
    }
}
