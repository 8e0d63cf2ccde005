package ladder.gateway;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The client side of the proxy: one JDK {@link HttpClient} (HTTP/1.1) to the configured upstream, bodies streamed as
 * they arrive. Client headers are forwarded except authentication, hop-by-hop and Ladder's own; the upstream key
 * replaces the client's.
 */
final class Upstream implements AutoCloseable {

    /** Client request headers never forwarded: auth (replaced), hop-by-hop, and ones the JDK client sets itself. */
    private static final Set<String> DROPPED_REQUEST_HEADERS = Set.of(
            "x-api-key",
            "authorization",
            "host",
            "content-length",
            "connection",
            "keep-alive",
            "proxy-authorization",
            "proxy-authenticate",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "expect",
            "http2-settings",
            // Usage is read from the bytes as they pass, so the upstream must answer uncompressed.
            "accept-encoding");

    /** Upstream response headers never relayed: hop-by-hop and framing, which the server sets itself. */
    private static final Set<String> DROPPED_RESPONSE_HEADERS = Set.of(
            ":status",
            "connection",
            "keep-alive",
            "transfer-encoding",
            "content-length",
            "proxy-connection",
            "upgrade",
            "trailer",
            "te");

    private final List<URI> bases;
    private final String apiKey;
    private final Duration responseTimeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;

    Upstream(GatewayConfig config) {
        this.bases = config.upstreams();
        this.apiKey = config.upstreamApiKey();
        this.responseTimeout = config.responseTimeout();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** Sends to the first configured upstream. */
    HttpResponse<InputStream> send(String method, String pathAndQuery, ServerRequest from, byte[] body)
            throws IOException, InterruptedException {
        return send(method, pathAndQuery, from, body, 0);
    }

    /**
     * Sends a request to {@code pathAndQuery} on a configured upstream, with the client's forwardable headers.
     *
     * @param body the bytes to send, or empty for no body
     * @param connectionFailures how many attempts of this call could not connect: each moves to the next configured
     *     base URL, round robin, so a dead upstream is skipped while the first stays preferred
     */
    HttpResponse<InputStream> send(
            String method, String pathAndQuery, ServerRequest from, byte[] body, int connectionFailures)
            throws IOException, InterruptedException {
        URI base = bases.get(connectionFailures % bases.size());
        HttpRequest.Builder request =
                HttpRequest.newBuilder(resolve(base, pathAndQuery)).timeout(responseTimeout);
        for (Header header : from.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (DROPPED_REQUEST_HEADERS.contains(name) || name.startsWith("x-ladder-")) {
                continue;
            }
            for (String value : header.allValues()) {
                request.header(header.name(), value);
            }
        }
        request.header("x-api-key", apiKey);
        request.method(
                method,
                body.length == 0 && !method.equals("POST")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static URI resolve(URI base, String pathAndQuery) {
        String root = base.toString();
        if (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return URI.create(root + pathAndQuery);
    }

    /** Copies the upstream's response headers that a client should see. */
    static void relayHeaders(HttpResponse<?> upstream, ServerResponse res) {
        for (Map.Entry<String, List<String>> h : upstream.headers().map().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (DROPPED_RESPONSE_HEADERS.contains(name) || name.equals("x-api-key")) {
                continue;
            }
            res.header(HeaderNames.create(h.getKey()), h.getValue().toArray(String[]::new));
        }
    }

    /** The wait an upstream response asks for: {@code retry-after-ms} first, else {@code retry-after} seconds. */
    static Duration retryAfter(HttpResponse<?> upstream) {
        Optional<String> ms = upstream.headers().firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Duration.ofMillis(
                        Math.max(0, (long) Double.parseDouble(ms.get().trim())));
            } catch (NumberFormatException e) {
                // Fall through to retry-after.
            }
        }
        Optional<String> seconds = upstream.headers().firstValue("retry-after");
        if (seconds.isPresent()) {
            try {
                return Duration.ofMillis(
                        Math.max(0, (long) (Double.parseDouble(seconds.get().trim()) * 1000)));
            } catch (NumberFormatException e) {
                // An HTTP date: treated as no hint rather than parsing clocks we do not share.
                return Duration.ZERO;
            }
        }
        return Duration.ZERO;
    }

    @Override
    public void close() {
        client.close();
        executor.close();
    }
}
