package ladder.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("ladder.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void load_fullFile_readsEveryField() throws IOException {
        Path file = write("""
                gateway:
                  listen: {host: 0.0.0.0, port: 9090}
                  upstream:
                    base-urls: [http://127.0.0.1:9000, http://127.0.0.1:9001]
                    api-key-env: MY_KEY
                  keys-file: secrets/keys.yaml
                  max-body-bytes: 1000
                  timeouts: {connect-millis: 500, response-millis: 2000, stream-idle-millis: 700}
                  public-base-url: https://ladder.internal
                """);
        var loaded = GatewayConfigLoader.load(file, Map.of("MY_KEY", "sk-test"));
        var c = loaded.gateway();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.upstreams()).hasSize(2);
        assertThat(c.upstreamApiKey()).isEqualTo("sk-test");
        assertThat(c.maxBodyBytes()).isEqualTo(1000);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.responseTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.streamIdleTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(c.publicBaseUrl()).isEqualTo("https://ladder.internal");
        assertThat(loaded.keysFile()).isEqualTo(dir.resolve("secrets/keys.yaml").toAbsolutePath());
        assertThat(c.toString()).doesNotContain("sk-test");
    }

    @Test
    void load_minimalFile_usesDefaultsAndAnthropicApiKey() throws IOException {
        Path file = write("gateway:\n  upstream:\n    base-url: http://127.0.0.1:9000\n");
        var c = GatewayConfigLoader.load(file, Map.of("ANTHROPIC_API_KEY", "sk-env"))
                .gateway();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.upstreamApiKey()).isEqualTo("sk-env");
        assertThat(c.maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
    }

    @Test
    void load_budgetReservationTimeout_defaultsTo15MinutesAndIsConfigurable() throws IOException {
        Path minimal = write("gateway:\n  upstream: {base-url: http://h:1, api-key: k}\n");
        assertThat(GatewayConfigLoader.load(minimal, Map.of()).budgetReservationTimeout())
                .isEqualTo(Duration.ofMinutes(15));
        Path longer = write("gateway:\n  upstream: {base-url: http://h:1, api-key: k}\n"
                + "ledger: {budget-reservation-timeout-seconds: 3600}\n");
        assertThat(GatewayConfigLoader.load(longer, Map.of()).budgetReservationTimeout())
                .isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "gateway:\\n  upstream:\\n    base-url: http://h:1\\n|gateway.upstream.api-key: no upstream API key: set the environment variable ANTHROPIC_API_KEY",
                "gateway:\\n  listen: {port: 70000}\\n  upstream: {base-url: http://h:1}\\n|gateway.listen.port: 70000 is not a port",
                "gateway:\\n  upstream: {base-url: ftp://h}\\n|gateway.upstream.base-url: 'ftp://h' is not an http(s) URL",
                "gateway:\\n  upstream: {base-url: http://h:1}\\n  max-body: 5\\n|gateway.max-body: is not a known key",
                "gateway:\\n  upstream: {base-url: http://h:1}\\n  max-body-bytes: lots\\n|gateway.max-body-bytes: must be a whole number",
                "other: 1\\n|gateway: section is missing",
                "gateway:\\n  upstream: {base-url: http://h:1, api-key: k}\\nledger: {flush-interval-millis: 0}\\n|ledger.flush-interval-millis: 0 is out of range; use 1..60000",
                "gateway:\\n  upstream: {base-url: http://h:1, api-key: k}\\nledger: {batch-size: 500, queue-capacity: 10}\\n|ledger.queue-capacity: queue-capacity (10) must be at least batch-size (500",
                "gateway:\\n  upstream: {base-url: http://h:1, api-key: k}\\nledger: {flush: 5}\\n|ledger.flush: is not a known key",
                "gateway:\\n  upstream: {base-url: http://h:1, api-key: k}\\nledger: {budget-reservation-timeout-seconds: 5}\\n|ledger.budget-reservation-timeout-seconds: 5 is out of range; use 10..86400",
                "gateway:\\n  upstream: {base-url: http://h:1, api-key: k}\\nledgers: {}\\n|ledgers: is not a known section",
                "gateway: [\\n|line 2"
            })
    void load_mistake_failsNamingTheKey(String yaml, String message) throws IOException {
        Path file = write(yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> GatewayConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(message);
    }
}
