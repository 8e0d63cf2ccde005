package ladder.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ladder.gateway.GatewayConfig;

/**
 * Reads the {@code gateway:} section of a YAML config file into a {@link GatewayConfig}, failing fast with one line that
 * names the file, the key, the bad value and the fix.
 *
 * <pre>
 * gateway:
 *   listen:
 *     host: 127.0.0.1          # default 127.0.0.1
 *     port: 8080               # default 8080; 0 picks a free port
 *   upstream:
 *     base-urls: [https://api.anthropic.example]   # or base-url: one URL
 *     api-key-env: ANTHROPIC_API_KEY   # default; the variable holding the upstream key
 *     api-key: sk-...          # discouraged: prefer the environment
 *   keys-file: keys.yaml       # relative to this file; default keys.yaml
 *   max-body-bytes: 33554432   # default 32 MiB
 *   timeouts:
 *     connect-millis: 10000
 *     response-millis: 600000
 *     stream-idle-millis: 300000   # longest silence inside a streamed answer
 *   public-base-url: https://ladder.example   # default: taken from each request's Host
 * </pre>
 */
final class GatewayConfigLoader {

    /** The environment variable holding the upstream key unless {@code gateway.upstream.api-key-env} names another. */
    static final String DEFAULT_API_KEY_ENV = "ANTHROPIC_API_KEY";

    static final String DEFAULT_KEYS_FILE = "keys.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * A loaded config.
     *
     * @param policyFile the routing policy file, or empty for the built-in policy
     * @param catalogFile a user price catalog, or empty for the built-in catalog only
     * @param dataDir the directory of the embedded DuckDB ledger
     * @param storeUrl a PostgreSQL JDBC URL for a shared ledger, or empty for the embedded one
     */
    record Loaded(
            GatewayConfig gateway,
            Path keysFile,
            java.util.List<Path> policyFile,
            java.util.List<Path> catalogFile,
            Path dataDir,
            String storeUrl,
            ladder.app.wiring.TelemetryConfig telemetry,
            ladder.core.ledger.LedgerWriterConfig writer,
            Duration budgetReservationTimeout) {}

    private final Path file;
    private final Map<String, String> env;

    private GatewayConfigLoader(Path file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /**
     * Loads {@code file}, reading the upstream key from {@code env} when the file does not hold it.
     *
     * @throws ConfigException naming the key and the fix
     */
    static Loaded load(Path file, Map<String, String> env) {
        return new GatewayConfigLoader(file, env).load();
    }

    private Loaded load() {
        JsonNode root = read();
        JsonNode gateway = root.path("gateway");
        if (!gateway.isObject()) {
            throw fail("gateway", "section is missing; see the README for an example");
        }
        allowOnly(
                gateway,
                "gateway",
                Set.of(
                        "listen",
                        "upstream",
                        "keys-file",
                        "max-body-bytes",
                        "timeouts",
                        "public-base-url",
                        "policy-file",
                        "catalog-file"));
        allowOnlyTop(root, Set.of("gateway", "ledger", "telemetry"));
        JsonNode telemetryNode = root.path("telemetry");
        allowOnly(telemetryNode, "telemetry", Set.of("exporter", "endpoint", "service-name"));
        JsonNode ledger = root.path("ledger");
        allowOnly(
                ledger,
                "ledger",
                Set.of(
                        "data-dir",
                        "store-url",
                        "batch-size",
                        "flush-interval-millis",
                        "queue-capacity",
                        "budget-reservation-timeout-seconds"));
        JsonNode listen = gateway.path("listen");
        allowOnly(listen, "gateway.listen", Set.of("host", "port"));
        String host = text(listen, "host", "gateway.listen.host", "127.0.0.1");
        long port = number(listen, "port", "gateway.listen.port", GatewayConfig.DEFAULT_PORT);
        if (port < 0 || port > 65535) {
            throw fail("gateway.listen.port", port + " is not a port; use 0..65535 (0 picks a free port)");
        }

        JsonNode up = gateway.path("upstream");
        if (!up.isObject()) {
            throw fail("gateway.upstream", "section is missing; it needs base-url (or base-urls)");
        }
        allowOnly(up, "gateway.upstream", Set.of("base-url", "base-urls", "api-key", "api-key-env"));
        List<URI> upstreams = new ArrayList<>();
        if (up.has("base-url")) {
            upstreams.add(url(up.get("base-url"), "gateway.upstream.base-url"));
        }
        if (up.has("base-urls")) {
            JsonNode list = up.get("base-urls");
            if (!list.isArray() || list.isEmpty()) {
                throw fail("gateway.upstream.base-urls", "must be a non-empty list of http(s) URLs");
            }
            for (int i = 0; i < list.size(); i++) {
                upstreams.add(url(list.get(i), "gateway.upstream.base-urls[" + i + "]"));
            }
        }
        if (upstreams.isEmpty()) {
            throw fail("gateway.upstream.base-url", "is required: the Anthropic API base URL to forward to");
        }
        String keyEnv = text(up, "api-key-env", "gateway.upstream.api-key-env", DEFAULT_API_KEY_ENV);
        String apiKey = text(up, "api-key", "gateway.upstream.api-key", "");
        if (apiKey.isBlank()) {
            apiKey = env.getOrDefault(keyEnv, "");
        }
        String keysFile = text(gateway, "keys-file", "gateway.keys-file", DEFAULT_KEYS_FILE);
        long maxBody =
                number(gateway, "max-body-bytes", "gateway.max-body-bytes", GatewayConfig.DEFAULT_MAX_BODY_BYTES);
        if (maxBody <= 0) {
            throw fail("gateway.max-body-bytes", maxBody + " must be a positive number of bytes");
        }
        JsonNode timeouts = gateway.path("timeouts");
        allowOnly(timeouts, "gateway.timeouts", Set.of("connect-millis", "response-millis", "stream-idle-millis"));
        long connect = number(
                timeouts,
                "connect-millis",
                "gateway.timeouts.connect-millis",
                GatewayConfig.DEFAULT_CONNECT_TIMEOUT.toMillis());
        long response = number(
                timeouts,
                "response-millis",
                "gateway.timeouts.response-millis",
                GatewayConfig.DEFAULT_RESPONSE_TIMEOUT.toMillis());
        long idle = number(
                timeouts,
                "stream-idle-millis",
                "gateway.timeouts.stream-idle-millis",
                GatewayConfig.DEFAULT_STREAM_IDLE_TIMEOUT.toMillis());
        if (connect <= 0 || response <= 0 || idle <= 0) {
            throw fail("gateway.timeouts", "connect-millis, response-millis and stream-idle-millis must be positive");
        }
        String publicBase = text(gateway, "public-base-url", "gateway.public-base-url", "");
        if (!publicBase.isEmpty()) {
            url(gateway.get("public-base-url"), "gateway.public-base-url");
        }
        // Checked last: a missing secret is the most likely mistake, but only once the file itself is right.
        if (apiKey.isBlank()) {
            throw fail(
                    "gateway.upstream.api-key",
                    "no upstream API key: set the environment variable " + keyEnv
                            + " (or name another with gateway.upstream.api-key-env)");
        }
        Path base = file.toAbsolutePath().getParent();
        Path keys = base == null ? Path.of(keysFile) : base.resolve(keysFile);
        String policy = text(gateway, "policy-file", "gateway.policy-file", "");
        String catalog = text(gateway, "catalog-file", "gateway.catalog-file", "");
        String dataDir = text(ledger, "data-dir", "ledger.data-dir", "ladder-data");
        String storeUrl = text(ledger, "store-url", "ledger.store-url", "");
        if (!storeUrl.isEmpty() && !storeUrl.startsWith("jdbc:postgresql:")) {
            throw fail("ledger.store-url", "must be a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/ladder");
        }
        String exporter = text(telemetryNode, "exporter", "telemetry.exporter", "none");
        if (!exporter.equals("none") && !exporter.equals("otlp")) {
            throw fail("telemetry.exporter", "'" + exporter + "' is not valid; use none (the default) or otlp");
        }
        String endpoint = text(
                telemetryNode,
                "endpoint",
                "telemetry.endpoint",
                ladder.app.wiring.TelemetryConfig.DEFAULT_ENDPOINT.toString());
        if (telemetryNode.has("endpoint")) {
            url(telemetryNode.get("endpoint"), "telemetry.endpoint");
        }
        ladder.core.ledger.LedgerWriterConfig defaults = ladder.core.ledger.LedgerWriterConfig.defaults();
        long batchSize = number(ledger, "batch-size", "ledger.batch-size", defaults.batchSize());
        long queue = number(ledger, "queue-capacity", "ledger.queue-capacity", defaults.queueCapacity());
        long flush = number(
                ledger,
                "flush-interval-millis",
                "ledger.flush-interval-millis",
                defaults.flushInterval().toMillis());
        if (batchSize < 1 || queue < batchSize || queue > 10_000_000) {
            throw fail(
                    "ledger.queue-capacity",
                    "queue-capacity (" + queue + ") must be at least batch-size (" + batchSize
                            + ", itself >= 1) and at most 10000000");
        }
        if (flush < 1 || flush > 60_000) {
            throw fail(
                    "ledger.flush-interval-millis",
                    flush + " is out of range; use 1..60000 (a crash loses" + " at most one interval of records)");
        }
        ladder.core.ledger.LedgerWriterConfig writer =
                defaults.withQueue((int) queue, (int) batchSize).withFlushInterval(Duration.ofMillis(flush));
        long holdSeconds = number(
                ledger,
                "budget-reservation-timeout-seconds",
                "ledger.budget-reservation-timeout-seconds",
                ladder.core.access.BudgetLedger.DEFAULT_RESERVATION_TIMEOUT.toSeconds());
        if (holdSeconds < 10 || holdSeconds > 86_400) {
            throw fail(
                    "ledger.budget-reservation-timeout-seconds",
                    holdSeconds + " is out of range; use 10..86400 (longer than the longest call, streams included: "
                            + "a hold that times out mid-call frees budget the call is still spending)");
        }
        ladder.app.wiring.TelemetryConfig telemetry = new ladder.app.wiring.TelemetryConfig(
                exporter,
                java.net.URI.create(endpoint),
                text(telemetryNode, "service-name", "telemetry.service-name", "ladder"));
        return new Loaded(
                new GatewayConfig(
                        host,
                        (int) port,
                        upstreams,
                        apiKey,
                        maxBody,
                        Duration.ofMillis(connect),
                        Duration.ofMillis(response),
                        Duration.ofMillis(idle),
                        publicBase),
                keys,
                policy.isEmpty() ? java.util.List.of() : java.util.List.of(resolve(base, policy)),
                catalog.isEmpty() ? java.util.List.of() : java.util.List.of(resolve(base, catalog)),
                resolve(base, dataDir),
                storeUrl,
                telemetry,
                writer,
                Duration.ofSeconds(holdSeconds));
    }

    private JsonNode read() {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": config file not found");
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new ConfigException(file + ": expected a YAML mapping with a gateway: section");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(file + where + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Path resolve(Path base, String name) {
        Path path = Path.of(name);
        return base == null || path.isAbsolute() ? path : base.resolve(path);
    }

    private void allowOnlyTop(JsonNode root, Set<String> allowed) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw fail(name, "is not a known section; valid sections: gateway, ledger, telemetry");
            }
        }
    }

    private void allowOnly(JsonNode node, String path, Set<String> allowed) {
        if (node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            throw fail(path, "must be a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw fail(
                        path + "." + name,
                        "is not a known key; valid keys here: "
                                + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private String text(JsonNode node, String field, String path, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw fail(path, "must be text, was " + v);
        }
        return v.asText().trim();
    }

    private long number(JsonNode node, String field, String path, long fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw fail(path, "must be a whole number, was " + v);
        }
        return v.asLong();
    }

    private URI url(JsonNode v, String path) {
        if (v == null || !v.isTextual()) {
            throw fail(path, "must be an http(s) URL");
        }
        try {
            URI uri = URI.create(v.asText().trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw fail(path, "'" + v.asText() + "' is not an http(s) URL such as https://host:443");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw fail(path, "'" + v.asText() + "' is not a URL");
        }
    }

    private ConfigException fail(String key, String problem) {
        return new ConfigException(file + ": " + key + ": " + problem);
    }
}
