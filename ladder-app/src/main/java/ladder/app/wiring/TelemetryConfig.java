package ladder.app.wiring;

import java.net.URI;
import java.util.Objects;

/**
 * Where OpenTelemetry spans go. Off by default: spans cost nothing until an exporter is configured.
 *
 * @param exporter {@code none} or {@code otlp} (OTLP over HTTP/protobuf)
 * @param endpoint the OTLP collector's base URL, e.g. {@code http://127.0.0.1:4318}; ignored for {@code none}
 * @param serviceName the {@code service.name} resource attribute
 */
public record TelemetryConfig(String exporter, URI endpoint, String serviceName) {

    /** The OTLP/HTTP port collectors listen on by default. */
    public static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:4318");

    public TelemetryConfig {
        Objects.requireNonNull(exporter, "exporter");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(serviceName, "serviceName");
        if (!exporter.equals("none") && !exporter.equals("otlp")) {
            throw new IllegalArgumentException("telemetry.exporter '" + exporter + "' is not none or otlp");
        }
    }

    /** No spans. */
    public static TelemetryConfig off() {
        return new TelemetryConfig("none", DEFAULT_ENDPOINT, "ladder");
    }

    /** Whether spans are exported. */
    public boolean isOn() {
        return !exporter.equals("none");
    }
}
