package ladder.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimConfigLoaderTest {

    @Test
    void parse_emptyFile_givesDefaults() {
        assertThat(SimConfigLoader.parse("sim.yaml", "")).isEqualTo(SimConfig.defaults());
    }

    @Test
    void parse_fullFile_readsEveryKey() {
        SimConfig c = SimConfigLoader.parse("sim.yaml", """
                host: 0.0.0.0
                port: 9000
                seed: 7
                batch-delay: 2s
                default-model:
                  first-token-latency: 100ms
                models:
                  claude-haiku-4-5:
                    per-token-latency: 1ms
                    invalid-tool-input-rate: 0.25
                    invalid-json-rate: 0.1
                    faults:
                      overloaded-rate: 0.05
                      rate-limited-rate: 0.01
                      retry-after-seconds: 3
                      stream-cut-rate: 0.02
                  my-custom-model:
                    min-cacheable-tokens: 512
                """);

        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.batchDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.defaultProfile().firstTokenLatency()).isEqualTo(Duration.ofMillis(100));
        ModelProfile haiku = c.profile("claude-haiku-4-5");
        assertThat(haiku.perTokenLatency()).isEqualTo(Duration.ofMillis(1));
        assertThat(haiku.minCacheableTokens()).isEqualTo(2048);
        assertThat(haiku.invalidToolInputRate()).isEqualTo(0.25);
        assertThat(haiku.faults().overloadedRate()).isEqualTo(0.05);
        assertThat(haiku.faults().retryAfterSeconds()).isEqualTo(3);
        assertThat(haiku.faults().streamCutRate()).isEqualTo(0.02);
        assertThat(c.profile("my-custom-model").minCacheableTokens()).isEqualTo(512);
        assertThat(c.profile("my-custom-model").firstTokenLatency()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.profile("claude-sonnet-4-6"))
                .isEqualTo(SimConfig.defaults().profile("claude-sonnet-4-6"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "port: 70000|port: 70000 is invalid; use a whole number from 0 to 65535",
                "prot: 1|unknown key prot; valid keys here",
                "batch-delay: soon|batch-delay: \"soon\" is invalid; use a duration like",
                "models: {claude-haiku-4-5: {invalid-json-rate: 2}}|models.claude-haiku-4-5.invalid-json-rate: 2 is"
                        + " invalid; use a number from 0 to 1",
                "models: {m: {faults: {overloaded-rate: 0.6, server-error-rate: 0.6}}}|models.m.faults: "
                        + "overloaded-rate + rate-limited-rate + server-error-rate must not exceed 1",
                "models: {m: {faults: {overload: 0.1}}}|unknown key models.m.faults.overload",
                "models: [a, b]|models: [\"a\",\"b\"] is invalid; use a mapping",
                "port: [1|not valid YAML"
            })
    void parse_mistake_namesFileKeyAndFix(String yaml, String message) {
        assertThatThrownBy(() -> SimConfigLoader.parse("sim.yaml", yaml))
                .isInstanceOf(SimConfigException.class)
                .hasMessageStartingWith("sim config sim.yaml: ")
                .hasMessageContaining(message);
    }

    @Test
    void load_missingFile_saysNotFound(@TempDir Path dir) {
        assertThatThrownBy(() -> SimConfig.load(dir.resolve("nope.yaml")))
                .isInstanceOf(SimConfigException.class)
                .hasMessageEndingWith("nope.yaml: file not found");
    }

    @Test
    void load_exampleFile_isValid() throws Exception {
        Path example = Path.of("..", "examples", "sim.yaml");
        assertThat(Files.exists(example)).isTrue();

        SimConfig c = SimConfig.load(example);

        assertThat(c.models()).containsKey("claude-haiku-4-5");
    }
}
