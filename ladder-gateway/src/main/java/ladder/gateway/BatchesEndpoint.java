package ladder.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.StoreException;
import ladder.core.TaskId;
import ladder.core.Usage;

/**
 * The Message Batches endpoints, passed through: create, retrieve, list, cancel, delete, results. Every {@code
 * results_url} is rewritten to the gateway so clients fetch results through it; results are streamed line by line and
 * each succeeded result is recorded once, priced at batch rates.
 */
final class BatchesEndpoint {

    private static final System.Logger LOG = System.getLogger(BatchesEndpoint.class.getName());
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final int MAX_LINE_BYTES = 64 << 20;

    private final Calls calls;
    private final Upstream upstream;
    private final Pricer pricer;
    private final Router router;
    private final AttemptSink sink;
    private final TaskCosts recorded;
    private final InstantSource clock;
    private final String publicBaseUrl;
    private final Set<String> pricedBatches = ConcurrentHashMap.newKeySet();

    BatchesEndpoint(
            Calls calls,
            Upstream upstream,
            Pricer pricer,
            Router router,
            AttemptSink sink,
            TaskCosts recorded,
            InstantSource clock,
            String publicBaseUrl) {
        this.router = router;
        this.calls = calls;
        this.upstream = upstream;
        this.pricer = pricer;
        this.sink = sink;
        this.recorded = recorded;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** Create, retrieve, list, cancel and delete: forwarded, {@code results_url} rewritten in the answer. */
    void forward(ServerRequest req, ServerResponse res, String method) {
        String requestId = Calls.newRequestId();
        try {
            ApiKey key = calls.authenticate(req);
            Optional<String> batchId = batchIdParam(req);
            byte[] body = method.equals("POST") ? calls.readBody(req) : new byte[0];
            if (method.equals("POST") && batchId.isEmpty()) {
                body = routeRequests(req, requestId, key, body);
            }
            Upstream.Response r = upstream.send(method, Calls.pathAndQuery(req), req, body);
            byte[] answer;
            try (InputStream in = r.body()) {
                answer = in.readAllBytes();
            }
            if (r.statusCode() / 100 == 2) {
                answer = rewriteResultsUrls(answer, base(req));
            }
            res.status(Status.create(r.statusCode()));
            Upstream.relayHeaders(r, res);
            res.send(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ErrorBoundary.answer(res, e, requestId, "");
        } catch (IOException e) {
            ErrorBoundary.answer(
                    res,
                    new BadRequest(ApiError.of(502, "api_error", "the upstream could not be reached")),
                    requestId,
                    "");
        } catch (RuntimeException e) {
            ErrorBoundary.answer(res, e, requestId, "");
        }
    }

    /** {@code GET /v1/messages/batches/{id}/results}: JSON Lines streamed through, each succeeded line priced once. */
    void results(ServerRequest req, ServerResponse res) {
        String requestId = Calls.newRequestId();
        try {
            ApiKey key = calls.authenticate(req);
            String batchId = batchIdParam(req).orElseThrow();
            Upstream.Response r = upstream.send("GET", Calls.pathAndQuery(req), req, new byte[0]);
            res.status(Status.create(r.statusCode()));
            Upstream.relayHeaders(r, res);
            boolean price = r.statusCode() == 200 && firstPricing(batchId);
            try (InputStream in = r.body();
                    OutputStream out = res.outputStream()) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    if (!price) {
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            recordLine(line.toByteArray(), batchId, requestId, key);
                            line.reset();
                        } else if (line.size() < MAX_LINE_BYTES) {
                            line.write(buf[i]);
                        }
                    }
                }
                if (price && line.size() > 0) {
                    recordLine(line.toByteArray(), batchId, requestId, key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ErrorBoundary.answer(res, e, requestId, "");
        } catch (IOException e) {
            ErrorBoundary.answer(
                    res,
                    new BadRequest(ApiError.of(502, "api_error", "the upstream could not be reached")),
                    requestId,
                    "");
        } catch (RuntimeException e) {
            ErrorBoundary.answer(res, e, requestId, "");
        }
    }

    /**
     * Whether this fetch of {@code batchId}'s results is the one to price: the first in this process, and none is on
     * record in the ledger (an earlier process, or another gateway, priced it already). When the ledger cannot be
     * read the results are priced and a warning names the batch: a possible duplicate is found in the ledger, a
     * missing charge is not.
     */
    private boolean firstPricing(String batchId) {
        if (!pricedBatches.add(batchId)) {
            return false;
        }
        try {
            return !recorded.recorded(batchTask(batchId));
        } catch (StoreException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot tell whether the results of batch " + batchId + " were priced before (the ledger is "
                            + "unreadable: " + e.getMessage() + "); pricing them, which may record them twice");
            return true;
        }
    }

    private static TaskId batchTask(String batchId) {
        return TaskId.of("batch:" + batchId);
    }

    private void recordLine(byte[] line, String batchId, String requestId, ApiKey key) {
        JsonNode node;
        try {
            node = RequestFacts.JSON.readTree(line);
        } catch (IOException e) {
            return;
        }
        if (node == null || !"succeeded".equals(node.path("result").path("type").asText())) {
            return;
        }
        JsonNode message = node.path("result").path("message");
        String modelId = message.path("model").asText("");
        if (modelId.isBlank()) {
            return;
        }
        ModelId model = ModelId.of(modelId);
        Usage usage = UsageJson.from(message.get("usage"));
        Optional<Money> cost = pricer.cost(model, usage, true, clock.instant());
        sink.append(new AttemptRecord(
                clock.instant(),
                requestId,
                batchTask(batchId),
                node.path("custom_id").asText(""),
                key.team(),
                key.project(),
                key.id(),
                modelId,
                model,
                ModelFamilies.tierOf(model),
                0,
                AttemptKind.FIRST,
                "batch result",
                200,
                usage,
                cost.<AttemptCost>map(AttemptCost.Priced::new).orElseGet(AttemptCost.Unpriced::new),
                0,
                0,
                false,
                true,
                0,
                line.length,
                0,
                true,
                new byte[0]));
    }

    /**
     * Routes every request of a new batch as the Messages endpoint would route it alone: route names become models,
     * access is checked per request, and a refused request refuses the whole batch naming its {@code custom_id}.
     * Budgets are checked at admission; the spend is recorded when the results are fetched, at batch rates.
     */
    private byte[] routeRequests(ServerRequest req, String requestId, ApiKey key, byte[] body) throws IOException {
        JsonNode root;
        try {
            root = RequestFacts.JSON.readTree(body);
        } catch (IOException e) {
            throw BadRequest.invalid("request body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.path("requests").isArray()) {
            throw BadRequest.invalid("requests: field required (an array of {custom_id, params})");
        }
        int index = 0;
        for (JsonNode item : root.path("requests")) {
            String customId = item.path("custom_id").asText("");
            JsonNode params = item.path("params");
            if (!params.isObject()) {
                throw BadRequest.invalid("requests." + index + ".params: must be an object");
            }
            RequestFacts facts = RequestFacts.parse(RequestFacts.JSON.writeValueAsBytes(params));
            CallContext ctx = calls.context(req, requestId + "-" + index, key, facts);
            try {
                ModelId model = switch (router.route(ctx)) {
                    case RouteDecision.Use u -> u.model();
                    case RouteDecision.Escalate e -> e.model();
                    case RouteDecision.Retry r -> r.model();
                    case RouteDecision.FallBack f -> f.model();
                    case RouteDecision.Refuse r -> {
                        ApiError refused = ErrorBoundary.fromRefusal(r);
                        throw new BadRequest(new ApiError(
                                refused.status(),
                                refused.type(),
                                "requests." + index + " (custom_id " + customId + "): " + refused.message(),
                                refused.headers()));
                    }
                    case RouteDecision.GiveUp g ->
                        throw new BadRequest(ApiError.of(403, "permission_error", "no route: " + g.reason()));
                };
                ((ObjectNode) params).put("model", model.value());
            } finally {
                // Admission only: nothing is held for a batch while it runs.
                router.finished(ctx);
            }
            index++;
        }
        return RequestFacts.JSON.writeValueAsBytes(root);
    }

    private static Optional<String> batchIdParam(ServerRequest req) {
        if (!req.path().pathParameters().contains("id")) {
            return Optional.empty();
        }
        String id = req.path().pathParameters().get("id");
        if (!BATCH_ID.matcher(id).matches()) {
            throw new BadRequest(ApiError.of(404, "not_found_error", "no such batch: " + id));
        }
        return Optional.of(id);
    }

    private String base(ServerRequest req) {
        if (!publicBaseUrl.isEmpty()) {
            return publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        }
        return (req.isSecure() ? "https://" : "http://") + req.authority();
    }

    /** Points every {@code results_url} of a batch or a page of batches at the gateway. */
    static byte[] rewriteResultsUrls(byte[] answer, String base) {
        JsonNode root;
        try {
            root = RequestFacts.JSON.readTree(answer);
        } catch (IOException e) {
            return answer;
        }
        if (root == null) {
            return answer;
        }
        boolean changed = rewrite(root, base);
        for (JsonNode item : root.path("data")) {
            changed |= rewrite(item, base);
        }
        return changed ? root.toString().getBytes(StandardCharsets.UTF_8) : answer;
    }

    private static boolean rewrite(JsonNode batch, String base) {
        if (batch instanceof ObjectNode object && object.path("results_url").isTextual()) {
            String id = object.path("id").asText("");
            if (BATCH_ID.matcher(id).matches()) {
                object.put("results_url", base + "/v1/messages/batches/" + id + "/results");
                return true;
            }
        }
        return false;
    }
}
