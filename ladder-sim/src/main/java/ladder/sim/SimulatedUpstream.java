package ladder.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running simulated Anthropic upstream: {@code POST /v1/messages} (plain and SSE, {@code ?beta=true} accepted),
 * {@code POST /v1/messages/count_tokens}, {@code GET /v1/models[/{id}]} and Message Batches, with prompt-cache
 * emulation, per-model latency and fault injection. Start one with {@link #start(SimConfig)}, point a client at
 * {@link #baseUri()}, and {@link #close()} it when done. Faults can be changed while it runs.
 *
 * <p>Every call needs an API key ({@code x-api-key} or {@code Authorization: Bearer}, any value) and an
 * {@code anthropic-version} of {@code 2023-06-01} or {@code 2026-10-21}; every answer carries a {@code request-id}.
 */
public final class SimulatedUpstream implements AutoCloseable {

    private static final String JSON_TYPE = "application/json";

    private final SimConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final PromptCache cache;
    private final FaultInjector faults;
    private final MessagesApi messages;
    private final Batches batches;
    private final Ids ids;
    private final AtomicLong calls = new AtomicLong();
    private final WebServer server;

    private SimulatedUpstream(SimConfig config, InstantSource clock) {
        this.config = config;
        this.ids = new Ids(config.seed());
        this.cache = new PromptCache(clock);
        this.faults = new FaultInjector(config.seed());
        this.messages = new MessagesApi(
                json, config, cache, new ReplyPlanner(config.seed(), json), faults, ids, SimulatedUpstream::sleep);
        this.batches = new Batches(json, messages, clock, config.batchDelay(), ids);
        this.server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                .routing(this::routes)
                .build()
                .start();
    }

    /** Starts a sim on the system clock. */
    public static SimulatedUpstream start(SimConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts a sim whose cache TTLs and batch timing follow {@code clock}, so tests can expire them. */
    public static SimulatedUpstream start(SimConfig config, InstantSource clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        return new SimulatedUpstream(config, clock);
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** The base URI for clients, e.g. {@code http://127.0.0.1:8089} (no trailing slash). */
    public URI baseUri() {
        String host = config.host();
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** The config it started with. */
    public SimConfig config() {
        return config;
    }

    /** Replaces {@code model}'s fault rates from now on. */
    public void setFaults(String model, FaultConfig rates) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rates, "rates");
        messages.setProfile(model, messages.profile(model).withFaults(rates));
    }

    /** Replaces {@code model}'s whole profile (latency, cache minimum, misbehaviour and fault rates) from now on. */
    public void setProfile(String model, ModelProfile profile) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(profile, "profile");
        messages.setProfile(model, profile);
    }

    /** The profile in force for {@code model}. */
    public ModelProfile profile(String model) {
        return messages.profile(model);
    }

    /**
     * Makes the next {@code calls} Messages API calls (any model) fail with {@code fault}, before any configured
     * rate is drawn. Queued faults add up and play in order.
     */
    public void failNext(Fault fault, int calls) {
        Objects.requireNonNull(fault, "fault");
        if (calls < 0) {
            throw new IllegalArgumentException("calls must be 0 or more, was " + calls);
        }
        faults.failNext(fault, calls);
    }

    /** Drops queued faults and runtime profile changes, and empties the prompt cache. */
    public void reset() {
        faults.reset();
        messages.resetProfiles();
        cache.clear();
    }

    /** How many {@code POST /v1/messages} calls it has received, failed ones included. */
    public long messageCalls() {
        return calls.get();
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.stop();
    }

    private void routes(HttpRouting.Builder routing) {
        routing.route(Method.HEAD, "/api/hello", (req, res) -> res.send())
                .post("/v1/messages", api(this::createMessage))
                .post("/v1/messages/count_tokens", api(this::countTokens))
                .post("/v1/messages/batches", api(this::createBatch))
                .get("/v1/messages/batches", api(this::listBatches))
                .get(
                        "/v1/messages/batches/{id}",
                        api((req, res, version) -> sendJson(
                                res,
                                batches.retrieve(req.path().pathParameters().get("id"), baseUri(req)))))
                .route(
                        Method.DELETE,
                        "/v1/messages/batches/{id}",
                        api((req, res, version) -> sendJson(
                                res, batches.delete(req.path().pathParameters().get("id")))))
                .post(
                        "/v1/messages/batches/{id}/cancel",
                        api((req, res, version) -> sendJson(
                                res, batches.cancel(req.path().pathParameters().get("id"), baseUri(req)))))
                .get("/v1/messages/batches/{id}/results", api(this::batchResults))
                .get("/v1/models", api(this::listModels))
                .get("/v1/models/{id}", api(this::model))
                .any(api((req, res, version) -> {
                    throw ApiException.notFound("Not found: "
                            + req.prologue().method().text() + " " + req.path().path());
                }));
    }

    /** A handler that runs after the key and version checks and gets the API version. */
    @FunctionalInterface
    private interface ApiHandler {
        void handle(ServerRequest req, ServerResponse res, String version) throws IOException;
    }

    private Handler api(ApiHandler handler) {
        return (req, res) -> {
            String requestId = ids.next("req_");
            res.header("request-id", requestId);
            try {
                String version = checkHeaders(req);
                handler.handle(req, res, version);
            } catch (ApiException e) {
                sendError(res, e, requestId);
            }
        };
    }

    private static String checkHeaders(ServerRequest req) {
        String key = req.headers().first(HeaderNames.create("x-api-key")).orElse("");
        String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        boolean bearer = auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7;
        if (key.isBlank() && !bearer) {
            throw ApiException.authentication(
                    "x-api-key header is required (or Authorization: Bearer <key>); the sim accepts any key");
        }
        String version =
                req.headers().first(HeaderNames.create("anthropic-version")).orElse("");
        if (version.isEmpty()) {
            throw ApiException.invalidRequest("anthropic-version: header is required");
        }
        if (!MessagesApi.VERSIONS.contains(version)) {
            throw ApiException.invalidRequest(
                    "anthropic-version: unknown version '" + version + "'; use 2023-06-01 or 2026-10-21");
        }
        return version;
    }

    private void createMessage(ServerRequest req, ServerResponse res, String version) throws IOException {
        calls.incrementAndGet();
        JsonNode request = messages.parse(req.content().inputStream().readAllBytes());
        messages.validate(request, version, true);
        MessagesApi.Planned planned = messages.plan(request, "standard", true);
        boolean streamed = request.path("stream").asBoolean(false);
        boolean cut = planned.fault().filter(f -> f == Fault.STREAM_CUT).isPresent();
        if (!streamed) {
            if (cut) {
                throw new CloseConnectionException("simulated connection loss");
            }
            messages.awaitWhole(planned);
            sendJson(res, messages.message(planned));
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        OutputStream out = res.outputStream();
        if (!messages.stream(planned, out)) {
            // Drop the connection without finishing the chunked body, like a real mid-stream cut.
            throw new CloseConnectionException("simulated stream cut");
        }
        out.close();
    }

    private void countTokens(ServerRequest req, ServerResponse res, String version) throws IOException {
        JsonNode request = messages.parse(req.content().inputStream().readAllBytes());
        messages.validate(request, version, false);
        sendJson(res, messages.countTokens(request));
    }

    private void createBatch(ServerRequest req, ServerResponse res, String version) throws IOException {
        JsonNode body = messages.parse(req.content().inputStream().readAllBytes());
        sendJson(res, batches.create(body, version, baseUri(req)));
    }

    private void listBatches(ServerRequest req, ServerResponse res, String version) {
        String limit = req.query().first("limit").orElse(Integer.toString(Batches.DEFAULT_LIMIT));
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiException.invalidRequest("limit: Input should be a valid integer");
        }
        sendJson(
                res,
                batches.list(
                        req.query().first("before_id").orElse(""),
                        req.query().first("after_id").orElse(""),
                        n,
                        baseUri(req)));
    }

    private void batchResults(ServerRequest req, ServerResponse res, String version) {
        String body = batches.results(req.path().pathParameters().get("id"));
        res.header(HeaderNames.CONTENT_TYPE, "application/x-jsonl");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    private void listModels(ServerRequest req, ServerResponse res, String version) {
        ObjectNode page = json.createObjectNode();
        ArrayNode data = page.putArray("data");
        config.models().keySet().forEach(id -> data.add(modelInfo(id)));
        page.put("has_more", false);
        if (data.isEmpty()) {
            page.putNull("first_id");
            page.putNull("last_id");
        } else {
            page.put("first_id", data.get(0).get("id").asText());
            page.put("last_id", data.get(data.size() - 1).get("id").asText());
        }
        sendJson(res, page);
    }

    private void model(ServerRequest req, ServerResponse res, String version) {
        String id = req.path().pathParameters().get("id");
        if (!config.models().containsKey(id)) {
            throw ApiException.notFound("model: " + id);
        }
        sendJson(res, modelInfo(id));
    }

    private ObjectNode modelInfo(String id) {
        ObjectNode m = json.createObjectNode();
        m.put("id", id);
        m.put("type", "model");
        m.put("display_name", displayName(id));
        m.put("created_at", "2026-01-01T00:00:00Z");
        return m;
    }

    /** {@code claude-sonnet-4-6} becomes {@code Claude Sonnet 4.6}. */
    static String displayName(String id) {
        String[] parts = id.split("-");
        StringBuilder b = new StringBuilder();
        String separator = "";
        boolean inVersion = false;
        for (String part : parts) {
            boolean number = !part.isEmpty() && part.chars().allMatch(Character::isDigit);
            if (number && inVersion) {
                b.append('.').append(part);
                continue;
            }
            b.append(separator);
            b.append(part.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
            separator = " ";
            inVersion = number;
        }
        return b.toString();
    }

    private String baseUri(ServerRequest req) {
        // Answer with the address the client used, so results_url works behind port mappings too.
        return req.headers()
                .first(HeaderNames.HOST)
                .map(host -> "http://" + host)
                .orElseGet(() -> baseUri().toString());
    }

    private void sendJson(ServerResponse res, JsonNode body) {
        try {
            res.header(HeaderNames.CONTENT_TYPE, JSON_TYPE);
            res.send(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sendError(ServerResponse res, ApiException e, String requestId) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "error");
        ObjectNode error = body.putObject("error");
        error.put("type", e.type());
        error.put("message", e.getMessage());
        body.put("request_id", requestId);
        res.status(Status.create(e.status()));
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            res.header(h.getKey(), h.getValue());
        }
        sendJson(res, body);
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloseConnectionException("interrupted while simulating latency", e);
        }
    }
}
