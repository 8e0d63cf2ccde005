package ladder.gateway;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The client side of the proxy: Helidon's blocking HTTP/1.1 client to the configured upstream (pooled keep-alive
 * connections, reads and writes on the calling virtual thread), bodies streamed as they arrive. Client headers are
 * forwarded except authentication, hop-by-hop and Ladder's own; the upstream key replaces the client's.
 *
 * <p>Why not the JDK {@code HttpClient}: it hands every exchange through its selector thread, executor and response
 * timer, which measured about half of the gateway's CPU per request under load (bench/gateway.sh with JFR).
 */
final class Upstream implements AutoCloseable {

    /** Client request headers never forwarded: auth (replaced), hop-by-hop, and ones the HTTP client sets itself. */
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
            "te",
            "x-api-key");

    private final List<URI> bases;
    private final Header apiKey;
    private final Http1Client client;
    private final URI messagesUri;

    private static final String MESSAGES_PATH = "/v1/messages";

    Upstream(GatewayConfig config) {
        this.bases =
                config.upstreams().stream().map(Upstream::withoutTrailingSlash).toList();
        this.apiKey = io.helidon.http.HeaderValues.create("x-api-key", config.upstreamApiKey());
        this.messagesUri = URI.create(bases.get(0) + MESSAGES_PATH);
        Http1ClientConfig.Builder builder = Http1Client.builder();
        if (direct(bases)) {
            // The default asks the system proxy selector on every request (parsing a URI each time); when it sends
            // every upstream direct, say so once.
            builder.proxy(io.helidon.webclient.api.Proxy.noProxy());
        }
        this.client = builder.connectTimeout(config.connectTimeout())
                // A socket read timeout: the longest wait for the response head (and for any read after it; a
                // stream's own idle limit is shorter and enforced by StreamIdleWatchdog).
                .readTimeout(config.responseTimeout())
                .followRedirects(false)
                .keepAlive(true)
                .sendExpectContinue(false)
                .shareConnectionCache(false)
                .servicesDiscoverServices(false)
                .socketOptions(o -> o.tcpNoDelay(true))
                // The forwarded headers were validated when the server parsed them, and the rest are Ladder's own.
                .protocolConfig(p -> p.validateRequestHeaders(false))
                .build();
    }

    /** Sends to the first configured upstream. */
    Response send(String method, String pathAndQuery, ServerRequest from, byte[] body)
            throws IOException, InterruptedException {
        return send(method, pathAndQuery, from, body, 0);
    }

    /**
     * Sends a request to {@code pathAndQuery} on a configured upstream, with the client's forwardable headers.
     *
     * @param body the bytes to send, or empty for no body
     * @param connectionFailures how many attempts of this call could not connect: each moves to the next configured
     *     base URL, round robin, so a dead upstream is skipped while the first stays preferred
     * @throws HttpTimeoutException when the upstream did not connect or answer in time
     * @throws IOException when the upstream could not be reached
     */
    Response send(String method, String pathAndQuery, ServerRequest from, byte[] body, int connectionFailures)
            throws IOException, InterruptedException {
        URI base = bases.get(connectionFailures % bases.size());
        Http1ClientRequest request = client.method(Method.create(method))
                .uri(uri(connectionFailures % bases.size(), base, pathAndQuery))
                .skipUriEncoding(true);
        for (Header header : from.headers()) {
            // Helidon keeps the lower-case form of each name: no per-header copy.
            String name = header.headerName().lowerCase();
            if (DROPPED_REQUEST_HEADERS.contains(name) || name.startsWith("x-ladder-")) {
                continue;
            }
            request.header(header);
        }
        request.header(apiKey);
        try {
            HttpClientResponse response =
                    body.length == 0 && !method.equals("POST") ? request.request() : request.submit(body);
            return new Response(response);
        } catch (UncheckedIOException e) {
            throw translate(e.getCause());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw translate(io);
            }
            throw e;
        }
    }

    /** Whether the system proxy selector sends every base URL direct (no proxy configured for them). */
    private static boolean direct(List<URI> bases) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return true;
        }
        for (URI base : bases) {
            for (java.net.Proxy proxy : selector.select(base)) {
                if (proxy.type() != java.net.Proxy.Type.DIRECT) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The URI of {@code pathAndQuery} on base {@code index}; the common ones are parsed once. */
    private URI uri(int index, URI base, String pathAndQuery) {
        if (index == 0 && pathAndQuery.equals(MESSAGES_PATH)) {
            return messagesUri;
        }
        return URI.create(base + pathAndQuery);
    }

    private static IOException translate(IOException e) {
        if (e instanceof SocketTimeoutException) {
            HttpTimeoutException timeout = new HttpTimeoutException("upstream timed out: " + e.getMessage());
            timeout.initCause(e);
            return timeout;
        }
        return e;
    }

    private static URI withoutTrailingSlash(URI base) {
        String root = base.toString();
        return root.endsWith("/") ? URI.create(root.substring(0, root.length() - 1)) : base;
    }

    /** An upstream answer: status, headers, and the body as it arrives. Close it (or its body) when done. */
    static final class Response implements AutoCloseable {
        private final HttpClientResponse response;
        private InputStream body;

        private Response(HttpClientResponse response) {
            this.response = response;
        }

        int statusCode() {
            return response.status().code();
        }

        /** The first value of header {@code name}. */
        Optional<String> header(String name) {
            return response.headers().first(HeaderNames.create(name));
        }

        /** The declared content-length, or -1 when none (chunked or close-delimited). */
        long contentLength() {
            return response.headers().contentLength().orElse(-1);
        }

        /** The body as it arrives; closing it before the end drops the connection (never reused half-read). */
        InputStream body() {
            if (body == null) {
                body = new Body(response);
            }
            return body;
        }

        @Override
        public void close() {
            response.close();
        }
    }

    /**
     * The response entity as a stream whose {@code close()} also closes the response, and whose failures surface as
     * {@link IOException} (Helidon reports them unchecked).
     */
    private static final class Body extends InputStream {
        private final HttpClientResponse response;
        private final InputStream in;

        Body(HttpClientResponse response) {
            this.response = response;
            this.in = response.inputStream();
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                throw new IOException("upstream body failed: " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                throw new IOException("upstream body failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                response.close();
            } catch (RuntimeException e) {
                throw new IOException("closing the upstream body failed: " + e.getMessage(), e);
            }
        }
    }

    /** Copies the upstream's response headers that a client should see. */
    static void relayHeaders(Response upstream, ServerResponse res) {
        for (Header h : upstream.response.headers()) {
            if (DROPPED_RESPONSE_HEADERS.contains(h.headerName().lowerCase())) {
                continue;
            }
            res.header(h);
        }
    }

    /** The wait an upstream response asks for: {@code retry-after-ms} first, else {@code retry-after} seconds. */
    static Duration retryAfter(Response upstream) {
        Optional<String> ms = upstream.header("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Duration.ofMillis(
                        Math.max(0, (long) Double.parseDouble(ms.get().trim())));
            } catch (NumberFormatException e) {
                // Fall through to retry-after.
            }
        }
        Optional<String> seconds = upstream.header("retry-after");
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
        client.closeResource();
    }
}
