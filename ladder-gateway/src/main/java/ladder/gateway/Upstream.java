package ladder.gateway;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The client side of the proxy: Apache HttpClient 5 (classic, blocking) to the configured upstream, with pooled
 * keep-alive connections read and written on the calling virtual thread, bodies streamed as they arrive. Client
 * headers are forwarded except authentication, hop-by-hop and Ladder's own; the upstream key replaces the client's.
 *
 * <p>Reads are untimed: {@link UpstreamWatchdog} enforces the response timeout and the idle limit between body bytes
 * (ADR 0004). A timed read on a virtual thread arms a scheduler timer each time, and Helidon's client also watches
 * every idle pooled connection with a virtual thread doing timed reads; the JDK {@code HttpClient} hands every
 * exchange through its selector thread. Each of these costs wake-ups per call that dominated the gateway's CPU.
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

    /**
     * Upstream connections per gateway (the pool only bounds them; one is opened per concurrent call). Far above what
     * one gateway serves at once, so calls never queue for a connection.
     */
    private static final int MAX_CONNECTIONS = 4096;

    /** A pooled connection idle longer than this is checked for a close by the upstream before it is reused. */
    private static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofSeconds(2);

    /** Pooled connections idle longer than this are closed rather than reused. */
    private static final TimeValue MAX_IDLE = TimeValue.ofSeconds(50);

    private final List<HttpHost> hosts;
    private final List<String> basePaths;
    private final String apiKey;
    private final Duration responseTimeout;
    private final UpstreamWatchdog watchdog;
    private final CloseableHttpClient client;

    Upstream(GatewayConfig config) {
        List<URI> bases = config.upstreams();
        this.hosts = bases.stream()
                .map(b -> new HttpHost(b.getScheme(), b.getHost(), b.getPort()))
                .toList();
        this.basePaths = bases.stream().map(Upstream::basePath).toList();
        this.apiKey = config.upstreamApiKey();
        this.responseTimeout = config.responseTimeout();
        this.watchdog = new UpstreamWatchdog(config.responseTimeout(), config.streamIdleTimeout());
        Timeout connect = Timeout.of(config.connectTimeout());
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault())
                        .setDefaultSocketConfig(SocketConfig.custom()
                                .setTcpNoDelay(true)
                                .setSoTimeout(Timeout.DISABLED)
                                .build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(Timeout.DISABLED)
                                .setValidateAfterInactivity(VALIDATE_AFTER_IDLE)
                                .setTimeToLive(TimeValue.NEG_ONE_MILLISECOND)
                                .build())
                        .build())
                .evictIdleConnections(MAX_IDLE)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect)
                        .setResponseTimeout(Timeout.DISABLED)
                        .setExpectContinueEnabled(false)
                        .setRedirectsEnabled(false)
                        .build())
                // The gateway decides about retries and fallbacks itself, per attempt, and forwards what the client
                // sent: no retries, redirects, compression, cookies or default headers of the HTTP client.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableDefaultUserAgent();
        if (!direct(bases)) {
            builder.setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()));
        }
        this.client = builder.build();
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
        int index = connectionFailures % hosts.size();
        String path = basePaths.get(index);
        BasicClassicHttpRequest request = new BasicClassicHttpRequest(
                method, hosts.get(index), path.isEmpty() ? pathAndQuery : path + pathAndQuery);
        for (Header header : from.headers()) {
            // Helidon keeps the lower-case form of each name: no per-header copy.
            String name = header.headerName().lowerCase();
            if (DROPPED_REQUEST_HEADERS.contains(name) || name.startsWith("x-ladder-")) {
                continue;
            }
            for (String value : header.allValues()) {
                request.addHeader(header.name(), value);
            }
        }
        request.addHeader("x-api-key", apiKey);
        if (body.length > 0 || method.equals("POST")) {
            request.setEntity(new ByteArrayEntity(body, null));
        }
        UpstreamWatchdog.HeadWait head = watchdog.awaitHead();
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(hosts.get(index), request, null);
        } catch (IOException | RuntimeException e) {
            if (head.timedOut()) {
                throw timeout("no response within " + responseTimeout.toMillis() + " ms", e);
            }
            if (e instanceof SocketTimeoutException) {
                throw timeout(e.getMessage(), e);
            }
            throw e;
        }
        if (head.timedOut()) {
            // The head arrived as the limit cut the wait: the interrupt closed the connection under it.
            response.close();
            throw timeout("no response within " + responseTimeout.toMillis() + " ms", null);
        }
        return new Response(response, watchdog);
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

    private static HttpTimeoutException timeout(String what, Exception cause) {
        HttpTimeoutException timeout = new HttpTimeoutException("upstream timed out: " + what);
        if (cause != null) {
            timeout.initCause(cause);
        }
        return timeout;
    }

    /** The path part of a base URL without its trailing slash ("" for a bare host). */
    private static String basePath(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** An upstream answer: status, headers, and the body as it arrives. Close it (or its body) when done. */
    static final class Response implements AutoCloseable {
        private final ClassicHttpResponse response;
        private final UpstreamWatchdog watchdog;
        private Body body;

        private Response(ClassicHttpResponse response, UpstreamWatchdog watchdog) {
            this.response = response;
            this.watchdog = watchdog;
        }

        int statusCode() {
            return response.getCode();
        }

        /** The first value of header {@code name}. */
        Optional<String> header(String name) {
            org.apache.hc.core5.http.Header h = response.getFirstHeader(name);
            return h == null ? Optional.empty() : Optional.of(h.getValue());
        }

        /** The declared content-length, or -1 when none (chunked or close-delimited). */
        long contentLength() {
            HttpEntity entity = response.getEntity();
            return entity == null ? 0 : entity.getContentLength();
        }

        /**
         * The body as it arrives, cut when the upstream stays silent past the idle limit; closing it before the end
         * drops the connection (never reused half-read).
         */
        InputStream body() throws IOException {
            if (body == null) {
                HttpEntity entity = response.getEntity();
                body = new Body(response, entity == null ? InputStream.nullInputStream() : entity.getContent());
                body.watch = watchdog.watch(body);
            }
            return body;
        }

        @Override
        public void close() throws IOException {
            body().close();
        }
    }

    /**
     * The response entity as a stream. Closing it after the end returns the connection to the pool; closing it
     * before the end aborts the connection instead of reading the rest (HttpClient's own close drains a body to its
     * end, which for a stream the client walked away from could take minutes).
     */
    private static final class Body extends InputStream {
        private final ClassicHttpResponse response;
        private final InputStream in;
        private final long declared;
        private UpstreamWatchdog.BodyWatch watch;
        private long read;
        private boolean ended;
        private boolean closed;

        Body(ClassicHttpResponse response, InputStream in) {
            this.response = response;
            this.in = in;
            HttpEntity entity = response.getEntity();
            this.declared = entity == null ? 0 : entity.getContentLength();
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                ended = true;
            } else {
                read++;
                watch.touch();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                ended = true;
            } else {
                read += n;
                watch.touch();
            }
            return n;
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            watch.close();
            if (ended || (declared >= 0 && read >= declared)) {
                in.close();
                response.close();
            } else if (in instanceof EofSensorInputStream sensor) {
                sensor.abort();
            } else {
                response.close();
            }
        }
    }

    /** Copies the upstream's response headers that a client should see. */
    static void relayHeaders(Response upstream, ServerResponse res) {
        for (org.apache.hc.core5.http.Header h : upstream.response.getHeaders()) {
            String name = h.getName().toLowerCase(Locale.ROOT);
            if (DROPPED_RESPONSE_HEADERS.contains(name)) {
                continue;
            }
            res.headers().add(HeaderNames.create(name), h.getValue());
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
        watchdog.close();
        client.close(CloseMode.GRACEFUL);
    }
}
