package ladder.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the gateway serves and where it forwards. Upstream targets come only from here, never from a request.
 *
 * @param host the address to listen on ({@code 127.0.0.1}, {@code 0.0.0.0})
 * @param port the port to listen on; 0 picks a free one
 * @param upstreams Anthropic API base URLs, first preferred, non-empty; no trailing slash needed
 * @param upstreamApiKey the key sent upstream as {@code x-api-key}; never logged, echoed or sent to a client
 * @param maxBodyBytes the largest request body accepted (413 above)
 * @param connectTimeout how long to wait for an upstream connection
 * @param responseTimeout how long to wait for the upstream's response headers
 * @param streamIdleTimeout the longest silence tolerated between bytes of an answer, streamed or not; a stalled
 *     answer is cut (a stream is reported to the client as an error event)
 * @param publicBaseUrl the base URL clients reach the gateway at, for rewriting batch {@code results_url}; empty means
 *     taken from the request's {@code Host}
 */
public record GatewayConfig(
        String host,
        int port,
        List<URI> upstreams,
        String upstreamApiKey,
        long maxBodyBytes,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration streamIdleTimeout,
        String publicBaseUrl) {

    /** The Messages API's own request limit, 32 MB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The SDKs' own default request timeout is 10 minutes. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(10);

    /** Anthropic sends a ping at least every few seconds on a live stream; minutes of silence mean it stalled. */
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(5);

    public static final int DEFAULT_PORT = 8080;

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(upstreamApiKey, "upstreamApiKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(streamIdleTimeout, "streamIdleTimeout");
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || responseTimeout.isNegative()
                || responseTimeout.isZero()
                || streamIdleTimeout.isNegative()
                || streamIdleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        upstreams = List.copyOf(upstreams);
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream base URL is needed");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be > 0, was " + maxBodyBytes);
        }
    }

    /** A config with defaults for everything but the upstream and its key. */
    public static GatewayConfig of(String host, int port, URI upstream, String upstreamApiKey) {
        return new GatewayConfig(
                host,
                port,
                List.of(upstream),
                upstreamApiKey,
                DEFAULT_MAX_BODY_BYTES,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_RESPONSE_TIMEOUT,
                DEFAULT_STREAM_IDLE_TIMEOUT,
                "");
    }

    /** A copy with another body limit. */
    public GatewayConfig withMaxBodyBytes(long limit) {
        return new GatewayConfig(
                host,
                port,
                upstreams,
                upstreamApiKey,
                limit,
                connectTimeout,
                responseTimeout,
                streamIdleTimeout,
                publicBaseUrl);
    }

    /** A copy listening on another port. */
    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(
                host,
                newPort,
                upstreams,
                upstreamApiKey,
                maxBodyBytes,
                connectTimeout,
                responseTimeout,
                streamIdleTimeout,
                publicBaseUrl);
    }

    /** A copy forwarding to other upstreams. */
    public GatewayConfig withUpstreams(List<URI> newUpstreams) {
        return new GatewayConfig(
                host,
                port,
                newUpstreams,
                upstreamApiKey,
                maxBodyBytes,
                connectTimeout,
                responseTimeout,
                streamIdleTimeout,
                publicBaseUrl);
    }

    /** A copy with another stream idle timeout. */
    public GatewayConfig withStreamIdleTimeout(Duration timeout) {
        return new GatewayConfig(
                host,
                port,
                upstreams,
                upstreamApiKey,
                maxBodyBytes,
                connectTimeout,
                responseTimeout,
                timeout,
                publicBaseUrl);
    }

    @Override
    public String toString() {
        // The upstream key never reaches a log line.
        return "GatewayConfig[host=" + host + ", port=" + port + ", upstreams=" + upstreams + ", upstreamApiKey=***"
                + ", maxBodyBytes=" + maxBodyBytes + ", connectTimeout=" + connectTimeout + ", responseTimeout="
                + responseTimeout + ", streamIdleTimeout=" + streamIdleTimeout + ", publicBaseUrl=" + publicBaseUrl
                + "]";
    }
}
