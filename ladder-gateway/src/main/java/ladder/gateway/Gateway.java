package ladder.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import ladder.core.Sleeper;

/**
 * The running gateway: a Helidon SE webserver (handlers on virtual threads) serving the Anthropic API surface, in
 * front of the configured upstream. Start with {@link #start}, stop with {@link #close}.
 */
public final class Gateway implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

    /**
     * What the gateway needs from the rest of Ladder.
     *
     * @param keys the accepted client keys
     * @param router the routing policy
     * @param pricer the cost engine
     * @param sink where each upstream attempt is appended
     * @param taskCosts what each task has cost so far
     * @param clock the time source for records
     * @param sleeper waits before retries
     */
    public record Ports(
            KeyRing keys,
            Router router,
            Pricer pricer,
            AttemptSink sink,
            TaskCosts taskCosts,
            InstantSource clock,
            Sleeper sleeper) {
        public Ports {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(router, "router");
            Objects.requireNonNull(pricer, "pricer");
            Objects.requireNonNull(sink, "sink");
            Objects.requireNonNull(taskCosts, "taskCosts");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(sleeper, "sleeper");
        }
    }

    /**
     * An extra read-only endpoint served beside the API, such as {@code /metrics} or a report.
     *
     * @param path the exact path, e.g. {@code /metrics}
     * @param authenticated whether a Ladder key is required (as for the API)
     * @param contentType the response's content type
     * @param handler renders the body from the query parameters; an {@link IllegalArgumentException} becomes a 400
     */
    public record AdminRoute(
            String path,
            boolean authenticated,
            String contentType,
            java.util.function.Function<java.util.Map<String, String>, String> handler) {
        public AdminRoute {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(handler, "handler");
        }
    }

    private final WebServer server;
    private final Upstream upstream;

    private Gateway(WebServer server, Upstream upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    /** Starts serving; returns once the port is bound. */
    public static Gateway start(GatewayConfig config, Ports ports) {
        return start(config, ports, List.of());
    }

    /** Starts serving with extra read-only endpoints; returns once the port is bound. */
    public static Gateway start(GatewayConfig config, Ports ports, List<AdminRoute> adminRoutes) {
        Upstream upstream = new Upstream(config);
        Calls calls = new Calls(ports.keys(), config.maxBodyBytes());
        MessagesEndpoint messages = new MessagesEndpoint(
                calls,
                upstream,
                ports.router(),
                ports.pricer(),
                ports.sink(),
                ports.taskCosts(),
                ports.clock(),
                ports.sleeper());
        BatchesEndpoint batches = new BatchesEndpoint(
                calls,
                upstream,
                ports.pricer(),
                ports.router(),
                ports.sink(),
                ports.taskCosts(),
                ports.clock(),
                config.publicBaseUrl());
        Router router = ports.router();
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                // One small write per SSE event: without TCP_NODELAY, Nagle plus the client's delayed ACK adds ~40 ms.
                .connectionOptions(o -> o.tcpNoDelay(true))
                // Response headers are relayed from the upstream (parsed, so free of line breaks) or Ladder's own
                // values; checking each one again cost about a tenth of the request thread's time.
                .addProtocol(
                        Http1Config.builder().validateResponseHeaders(false).build())
                .routing(r -> {
                    for (AdminRoute admin : adminRoutes) {
                        r.get(admin.path(), (req, res) -> admin(req, res, calls, admin));
                    }
                    routes(r, calls, messages, batches, router);
                })
                .build()
                .start();
        if (!server.isRunning()) {
            // Helidon logs the failure and returns a stopped server; without this check the gateway would report
            // itself listening on port -1 and wait forever.
            upstream.close();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + ListenProbe.whyNot(config.host(), config.port()));
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Ladder gateway listening on " + config.host() + ":" + server.port() + ", forwarding to "
                        + config.upstreams().get(0));
        return new Gateway(server, upstream);
    }

    private static void routes(
            HttpRouting.Builder r, Calls calls, MessagesEndpoint messages, BatchesEndpoint batches, Router router) {
        r.post("/v1/messages", messages::messages)
                .post("/v1/messages/count_tokens", messages::countTokens)
                .post("/v1/messages/batches", (req, res) -> batches.forward(req, res, "POST"))
                .get("/v1/messages/batches", (req, res) -> batches.forward(req, res, "GET"))
                .get("/v1/messages/batches/{id}", (req, res) -> batches.forward(req, res, "GET"))
                .delete("/v1/messages/batches/{id}", (req, res) -> batches.forward(req, res, "DELETE"))
                .post("/v1/messages/batches/{id}/cancel", (req, res) -> batches.forward(req, res, "POST"))
                .get("/v1/messages/batches/{id}/results", batches::results)
                .get("/v1/models", (req, res) -> models(req, res, calls, router))
                .get("/v1/models/{id}", (req, res) -> model(req, res, calls, router))
                .get("/healthz", (req, res) -> json(res, "{\"status\":\"ok\"}"))
                .get("/readyz", (req, res) -> json(res, "{\"status\":\"ready\"}"))
                .head("/api/hello", (req, res) -> res.send())
                .any((req, res) -> ErrorBoundary.send(
                        res,
                        ApiError.of(
                                404,
                                "not_found_error",
                                "no such endpoint: " + req.prologue().method().text() + " "
                                        + req.path().rawPath()),
                        Calls.newRequestId()))
                .error(Throwable.class, (req, res, t) -> ErrorBoundary.answer(res, t, Calls.newRequestId(), ""));
    }

    /** {@code GET /v1/models}: Ladder's routes and the concrete models this key's team may use. */
    private static void models(ServerRequest req, ServerResponse res, Calls calls, Router router) {
        String requestId = Calls.newRequestId();
        try {
            ApiKey key = calls.authenticate(req);
            List<String> ids = router.offerings(key.team(), key.project());
            ObjectNode page = RequestFacts.JSON.createObjectNode();
            ArrayNode data = page.putArray("data");
            for (String id : ids) {
                data.add(modelInfo(id));
            }
            page.put("has_more", false);
            page.put("first_id", ids.isEmpty() ? null : ids.get(0));
            page.put("last_id", ids.isEmpty() ? null : ids.get(ids.size() - 1));
            json(res, page.toString());
        } catch (RuntimeException e) {
            ErrorBoundary.answer(res, e, requestId, "");
        }
    }

    /** {@code GET /v1/models/{id}}: one route or model this key may use; 404 for anything else. */
    private static void model(ServerRequest req, ServerResponse res, Calls calls, Router router) {
        String requestId = Calls.newRequestId();
        try {
            ApiKey key = calls.authenticate(req);
            String id = req.path().pathParameters().get("id");
            if (!router.offerings(key.team(), key.project()).contains(id)) {
                ErrorBoundary.send(
                        res,
                        ApiError.of(404, "not_found_error", "model '" + id + "' is not offered to this key"),
                        requestId);
                return;
            }
            json(res, modelInfo(id).toString());
        } catch (RuntimeException e) {
            ErrorBoundary.answer(res, e, requestId, "");
        }
    }

    private static ObjectNode modelInfo(String id) {
        ObjectNode model = RequestFacts.JSON.createObjectNode();
        model.put("id", id);
        model.put("type", "model");
        model.put("display_name", id.startsWith(CallContext.ROUTE_PREFIX) ? "Ladder route " + id : id);
        model.put("created_at", "2026-01-01T00:00:00Z");
        return model;
    }

    private static void admin(ServerRequest req, ServerResponse res, Calls calls, AdminRoute route) {
        String requestId = Calls.newRequestId();
        try {
            if (route.authenticated()) {
                calls.authenticate(req);
            }
            java.util.Map<String, String> query = new java.util.LinkedHashMap<>();
            for (String name : req.query().names()) {
                query.put(name, req.query().get(name));
            }
            String body;
            try {
                body = route.handler().apply(query);
            } catch (IllegalArgumentException e) {
                throw BadRequest.invalid(e.getMessage());
            }
            res.header(HeaderNames.CONTENT_TYPE, route.contentType());
            res.send(body.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            ErrorBoundary.answer(res, e, requestId, "");
        }
    }

    private static void json(ServerResponse res, String body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        upstream.close();
    }
}
