package ladder.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Sleeper;
import ladder.core.Tier;
import ladder.core.Usage;

/**
 * {@code POST /v1/messages} (plain and streamed) and {@code POST /v1/messages/count_tokens}: authenticate, route,
 * forward with only {@code model} replaced, act on failures and invalid answers as the router says, relay the answer,
 * record one {@link AttemptRecord} per upstream attempt.
 */
final class MessagesEndpoint {

    // Header names built once: Helidon looks a name string up in its registry on every res.header(String, ...).
    private static final HeaderName LADDER_MODEL = HeaderNames.create("x-ladder-model");
    private static final HeaderName LADDER_TIER = HeaderNames.create("x-ladder-tier");
    private static final HeaderName LADDER_RULE = HeaderNames.create("x-ladder-rule");
    private static final HeaderName LADDER_ATTEMPTS = HeaderNames.create("x-ladder-attempts");
    private static final HeaderName LADDER_COST = HeaderNames.create("x-ladder-cost-usd");
    private static final HeaderName LADDER_TASK_COST = HeaderNames.create("x-ladder-task-cost-usd");
    private static final HeaderName LADDER_REQUEST_ID = HeaderNames.create("x-ladder-request-id");
    private static final HeaderName SHOULD_RETRY = HeaderNames.create("x-should-retry");

    private static final int CHUNK_BYTES = 8192;
    /**
     * A stream that ended (message_stop) in the read that started its content is sent whole, in one write; bytes
     * still arriving after message_stop beyond this switch it back to streaming, so memory per stream stays bounded.
     */
    private static final int MAX_WHOLE_STREAM_BYTES = 4 * CHUNK_BYTES;

    private static final int MAX_ERROR_BODY_BYTES = 1 << 20;
    private static final int MAX_PLAIN_BODY_BYTES = 256 << 20;

    private final Calls calls;
    private final Upstream upstream;
    private final Router router;
    private final Pricer pricer;
    private final AttemptSink sink;
    private final TaskCosts taskCosts;
    private final InstantSource clock;
    private final Sleeper sleeper;

    MessagesEndpoint(
            Calls calls,
            Upstream upstream,
            Router router,
            Pricer pricer,
            AttemptSink sink,
            TaskCosts taskCosts,
            InstantSource clock,
            Sleeper sleeper) {
        this.calls = calls;
        this.upstream = upstream;
        this.router = router;
        this.pricer = pricer;
        this.sink = sink;
        this.taskCosts = taskCosts;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Where the current attempt goes, and why. */
    private record Target(ModelId model, Tier tier, String rule, AttemptKind kind, String reason) {}

    /** A failed attempt: the failure for the router, and what the client gets if the router gives up. */
    private record Failed(UpstreamFailure failure, Runnable giveToClient) {}

    /** One client call in flight. */
    private final class Call {
        final ServerRequest req;
        final ServerResponse res;
        final RequestFacts facts;
        final CallContext ctx;
        final String pathAndQuery;
        final List<RoutedAttempt> attempts = new ArrayList<>();
        Money callCost = Money.ZERO;
        boolean unpriced;
        int connectionFailures;
        String rule = "";

        Call(ServerRequest req, ServerResponse res, RequestFacts facts, CallContext ctx) {
            this.req = req;
            this.res = res;
            this.facts = facts;
            this.ctx = ctx;
            this.pathAndQuery = Calls.pathAndQuery(req);
        }

        void record(
                Target t,
                Instant at,
                int status,
                Usage usage,
                long ttfbNanos,
                long startNanos,
                long inBytes,
                long outBytes) {
            Optional<Money> cost = pricer.cost(t.model(), usage, false, at);
            AttemptCost priced = cost.<AttemptCost>map(AttemptCost.Priced::new).orElseGet(AttemptCost.Unpriced::new);
            cost.ifPresentOrElse(c -> callCost = callCost.plus(c), () -> unpriced = true);
            long now = System.nanoTime();
            sink.append(new AttemptRecord(
                    at,
                    ctx.requestId(),
                    ctx.taskId(),
                    ctx.step(),
                    ctx.team(),
                    ctx.project(),
                    ctx.keyId(),
                    ctx.requestedModel(),
                    t.model(),
                    t.tier(),
                    attempts.size() - 1,
                    t.kind(),
                    t.reason(),
                    status,
                    usage,
                    priced,
                    ttfbNanos == 0 ? 0 : (ttfbNanos - startNanos) / 1000,
                    (now - startNanos) / 1000,
                    ctx.stream(),
                    false,
                    inBytes,
                    outBytes,
                    facts.bodyHash(),
                    ctx.latencyTolerant(),
                    facts.body()));
        }

        void ladderHeaders(Target t, boolean withCallCost) {
            res.header(LADDER_MODEL, t.model().value());
            res.header(LADDER_TIER, t.tier().id());
            res.header(LADDER_RULE, rule);
            res.header(LADDER_ATTEMPTS, Integer.toString(attempts.size()));
            if (withCallCost) {
                res.header(LADDER_COST, unpriced ? "unpriced" : callCost.toUsdString());
            }
            res.header(LADDER_TASK_COST, taskCosts.costOf(ctx.taskId()).toUsdString());
            res.header(LADDER_REQUEST_ID, ctx.requestId());
        }
    }

    void messages(ServerRequest req, ServerResponse res) {
        String requestId = Calls.newRequestId();
        String task = "";
        CallContext ctx = null;
        try {
            ApiKey key = calls.authenticate(req);
            byte[] body = calls.readBody(req);
            RequestFacts facts = RequestFacts.parse(body);
            requireFields(facts, true);
            ctx = calls.context(req, requestId, key, facts);
            task = ctx.taskId().value();
            Call call = new Call(req, res, facts, ctx);
            Target first = firstTarget(ctx);
            call.rule = first.rule();
            if (facts.stream()) {
                runStreamed(call, first);
            } else {
                runPlain(call, first);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ErrorBoundary.answer(res, e, requestId, task);
        } catch (RuntimeException | IOException e) {
            ErrorBoundary.answer(res, e, requestId, task);
        } finally {
            if (ctx != null) {
                router.finished(ctx);
            }
        }
    }

    void countTokens(ServerRequest req, ServerResponse res) {
        String requestId = Calls.newRequestId();
        CallContext ctx = null;
        try {
            ApiKey key = calls.authenticate(req);
            byte[] body = calls.readBody(req);
            RequestFacts facts = RequestFacts.parse(body);
            requireFields(facts, false);
            ctx = calls.context(req, requestId, key, facts);
            Target target = firstTarget(ctx);
            // Counting is free: forwarded once, nothing recorded.
            Upstream.Response r = upstream.send(
                    "POST",
                    Calls.pathAndQuery(req),
                    req,
                    facts.withModel(target.model().value()));
            byte[] answer;
            try (InputStream in = r.body()) {
                answer = in.readAllBytes();
            }
            res.status(Status.create(r.statusCode()));
            Upstream.relayHeaders(r, res);
            res.header(LADDER_MODEL, target.model().value());
            res.header(LADDER_TIER, target.tier().id());
            res.send(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ErrorBoundary.answer(res, e, requestId, "");
        } catch (HttpTimeoutException e) {
            ErrorBoundary.answer(
                    res, new BadRequest(ApiError.of(504, "timeout_error", "upstream timed out")), requestId, "");
        } catch (IOException e) {
            ErrorBoundary.answer(res, unreachable(), requestId, "");
        } catch (RuntimeException e) {
            ErrorBoundary.answer(res, e, requestId, "");
        } finally {
            if (ctx != null) {
                router.finished(ctx);
            }
        }
    }

    private static BadRequest unreachable() {
        return new BadRequest(ApiError.of(502, "api_error", "the upstream Anthropic API could not be reached"));
    }

    private static void requireFields(RequestFacts facts, boolean needsMaxTokens) {
        if (!facts.hasModel()) {
            throw BadRequest.invalid("model: field required");
        }
        if (needsMaxTokens && !facts.hasMaxTokens()) {
            throw BadRequest.invalid("max_tokens: field required");
        }
        if (!facts.hasMessages()) {
            throw BadRequest.invalid("messages: field required");
        }
    }

    private Target firstTarget(CallContext ctx) {
        return switch (router.route(ctx)) {
            case RouteDecision.Use u -> new Target(u.model(), u.tier(), u.rule(), AttemptKind.FIRST, "");
            case RouteDecision.Escalate e ->
                new Target(e.model(), e.tier(), "escalate", AttemptKind.ESCALATION, e.reason());
            case RouteDecision.Refuse r -> throw new BadRequest(ErrorBoundary.fromRefusal(r));
            case RouteDecision.Retry r -> new Target(r.model(), r.tier(), "retry", AttemptKind.FIRST, r.reason());
            case RouteDecision.FallBack f -> new Target(f.model(), f.tier(), "fallback", AttemptKind.FIRST, f.reason());
            case RouteDecision.GiveUp g ->
                throw new BadRequest(ApiError.of(403, "permission_error", "no route: " + g.reason()));
        };
    }

    /** The next target after a failure or invalid answer, or empty when the router gives up. */
    private Optional<Target> next(Call call, RouteDecision decision) throws InterruptedException {
        return switch (decision) {
            case RouteDecision.Retry r -> {
                if (!r.delay().isZero()) {
                    sleeper.sleep(r.delay());
                }
                yield Optional.of(new Target(r.model(), r.tier(), call.rule, AttemptKind.RETRY, r.reason()));
            }
            case RouteDecision.FallBack f ->
                Optional.of(new Target(f.model(), f.tier(), call.rule, AttemptKind.FALLBACK, f.reason()));
            case RouteDecision.Escalate e ->
                Optional.of(new Target(e.model(), e.tier(), call.rule, AttemptKind.ESCALATION, e.reason()));
            case RouteDecision.Use u ->
                Optional.of(new Target(u.model(), u.tier(), u.rule(), AttemptKind.RETRY, u.explanation()));
            case RouteDecision.GiveUp g -> Optional.empty();
            case RouteDecision.Refuse r -> throw new BadRequest(ErrorBoundary.fromRefusal(r));
        };
    }

    // ---- plain (non-streamed) calls ----

    private void runPlain(Call call, Target first) throws IOException, InterruptedException {
        Target target = first;
        boolean expectJson = Calls.expectsJson(call.req);
        while (true) {
            call.attempts.add(new RoutedAttempt(target.model(), target.tier(), target.kind()));
            byte[] out = call.facts.withModel(target.model().value());
            Instant at = clock.instant();
            long start = System.nanoTime();
            Upstream.Response r;
            try {
                r = upstream.send("POST", call.pathAndQuery, call.req, out, call.connectionFailures);
            } catch (HttpTimeoutException e) {
                call.record(target, at, 0, Usage.EMPTY, 0, start, out.length, 0);
                Optional<Target> again = next(
                        call, router.onFailure(call.ctx, call.attempts, noResponse(UpstreamFailure.Cause.TIMEOUT)));
                if (again.isEmpty()) {
                    throw new BadRequest(ApiError.of(504, "timeout_error", "the upstream did not answer in time"));
                }
                target = again.get();
                continue;
            } catch (IOException e) {
                call.record(target, at, 0, Usage.EMPTY, 0, start, out.length, 0);
                call.connectionFailures++;
                Optional<Target> again = next(
                        call, router.onFailure(call.ctx, call.attempts, noResponse(UpstreamFailure.Cause.CONNECTION)));
                if (again.isEmpty()) {
                    throw unreachable();
                }
                target = again.get();
                continue;
            }
            long ttfb = System.nanoTime();
            byte[] answer;
            try (InputStream in = r.body()) {
                answer = readAnswer(r, in, MAX_PLAIN_BODY_BYTES);
            }
            int status = r.statusCode();
            if (status / 100 == 2) {
                // Only usage is needed to record the attempt: a streaming read, no tree of the whole answer.
                Usage usage = UsageJson.ofMessage(answer);
                call.record(target, at, status, usage, ttfb, start, out.length, answer.length);
                JsonNode message = call.ctx.validatesAnswer() ? parseOrNull(answer) : null;
                if (message != null) {
                    Optional<String> problem = AnswerCheck.problem(message, call.facts, expectJson);
                    if (problem.isPresent()) {
                        Optional<Target> again =
                                next(call, router.onInvalidAnswer(call.ctx, call.attempts, problem.get()));
                        if (again.isPresent()) {
                            target = again.get();
                            continue;
                        }
                    }
                }
                deliver(call, target, r, answer, "");
                return;
            }
            call.record(target, at, status, Usage.EMPTY, ttfb, start, out.length, answer.length);
            UpstreamFailure failure = new UpstreamFailure(
                    status, errorType(answer), Upstream.retryAfter(r), UpstreamFailure.Cause.HTTP_STATUS);
            Optional<Target> again = next(call, router.onFailure(call.ctx, call.attempts, failure));
            if (again.isEmpty()) {
                deliver(call, target, r, answer, shouldRetry(failure, call.attempts.size()));
                return;
            }
            target = again.get();
        }
    }

    private void deliver(Call call, Target target, Upstream.Response r, byte[] answer, String shouldRetry) {
        ServerResponse res = call.res;
        res.status(Status.create(r.statusCode()));
        Upstream.relayHeaders(r, res);
        if (!shouldRetry.isEmpty()) {
            res.header(SHOULD_RETRY, shouldRetry);
        }
        call.ladderHeaders(target, true);
        res.send(answer);
    }

    /**
     * The {@code x-should-retry} a failure handed to the client carries, or empty to leave the upstream's. One rule
     * per line.
     */
    static String shouldRetry(UpstreamFailure failure, int attemptsMade) {
        if (failure.status() == 429) {
            // Rate limited: the client may retry after the retry-after we relay.
            return "true";
        }
        if (failure.isOverloaded()) {
            // The gateway already fell back across models; an immediate client retry multiplies load.
            return attemptsMade > 1 ? "false" : "true";
        }
        return "";
    }

    // ---- streamed calls ----

    private void runStreamed(Call call, Target first) throws IOException, InterruptedException {
        Target target = first;
        while (true) {
            call.attempts.add(new RoutedAttempt(target.model(), target.tier(), target.kind()));
            Failed failed = streamOnce(call, target);
            if (failed == null) {
                return;
            }
            Optional<Target> again = next(call, router.onFailure(call.ctx, call.attempts, failed.failure()));
            if (again.isEmpty()) {
                failed.giveToClient().run();
                return;
            }
            target = again.get();
        }
    }

    /** One streamed attempt; returns null when the answer went to the client, else the failure. */
    private Failed streamOnce(Call call, Target target) throws IOException, InterruptedException {
        byte[] out = call.facts.withModel(target.model().value());
        Instant at = clock.instant();
        long start = System.nanoTime();
        Upstream.Response r;
        try {
            r = upstream.send("POST", call.pathAndQuery, call.req, out, call.connectionFailures);
        } catch (HttpTimeoutException e) {
            call.record(target, at, 0, Usage.EMPTY, 0, start, out.length, 0);
            return new Failed(noResponse(UpstreamFailure.Cause.TIMEOUT), () -> {
                throw new BadRequest(ApiError.of(504, "timeout_error", "the upstream did not answer in time"));
            });
        } catch (IOException e) {
            call.record(target, at, 0, Usage.EMPTY, 0, start, out.length, 0);
            call.connectionFailures++;
            return new Failed(noResponse(UpstreamFailure.Cause.CONNECTION), () -> {
                throw unreachable();
            });
        }
        int status = r.statusCode();
        String contentType = r.header("content-type").orElse("");
        if (status != 200 || !contentType.startsWith("text/event-stream")) {
            long ttfb = System.nanoTime();
            byte[] answer;
            try (InputStream in = r.body()) {
                answer = in.readNBytes(status == 200 ? MAX_PLAIN_BODY_BYTES : MAX_ERROR_BODY_BYTES);
            }
            Usage usage = status == 200 ? UsageJson.ofMessage(answer) : Usage.EMPTY;
            call.record(target, at, status, usage, ttfb, start, out.length, answer.length);
            UpstreamFailure failure = new UpstreamFailure(
                    status, errorType(answer), Upstream.retryAfter(r), UpstreamFailure.Cause.HTTP_STATUS);
            if (status / 100 == 2) {
                deliver(call, target, r, answer, "");
                return null;
            }
            return new Failed(
                    failure, () -> deliver(call, target, r, answer, shouldRetry(failure, call.attempts.size())));
        }
        return relay(call, target, r, at, start, out.length);
    }

    private Failed relay(Call call, Target target, Upstream.Response r, Instant at, long start, long inBytes)
            throws IOException {
        SseUsageExtractor sse = new SseUsageExtractor();
        HeldBytes held = new HeldBytes(CHUNK_BYTES);
        OutputStream client = null;
        long ttfb = 0;
        long outBytes = 0;
        boolean clientGone = false;
        byte[] buf = new byte[CHUNK_BYTES];
        try (InputStream in = r.body()) {
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    // A break before message_stop is a cut stream (below); after it, the stream is already whole.
                    break;
                }
                if (n < 0) {
                    break;
                }
                if (ttfb == 0) {
                    ttfb = System.nanoTime();
                }
                outBytes += n;
                int before = sse.events();
                sse.feed(buf, 0, n);
                if (client == null) {
                    held.write(buf, 0, n);
                    if (sse.errorBeforeContent()) {
                        // An overload (or other error) before any content: nothing reached the client, so the
                        // router may still fail over. The held prelude is what the client gets if it gives up.
                        break;
                    }
                    boolean whole = sse.sawMessageStop() && held.size() <= MAX_WHOLE_STREAM_BYTES;
                    if (sse.contentStarted() && !whole) {
                        try {
                            client = commit(call, target, r, held);
                        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
                            clientGone = true;
                            break;
                        }
                    }
                } else {
                    try {
                        client.write(buf, 0, n);
                        if (sse.events() != before) {
                            client.flush();
                        }
                    } catch (IOException | UncheckedIOException | CloseConnectionException e) {
                        // The client went away: stop reading (closing the body cancels the upstream call), but
                        // still record what the attempt used.
                        clientGone = true;
                        break;
                    }
                }
            }
        }
        call.record(target, at, r.statusCode(), sse.usage(), ttfb, start, inBytes, outBytes);
        if (clientGone) {
            return null;
        }
        if (client == null) {
            if (sse.errorBeforeContent() || !sse.sawMessageStop()) {
                UpstreamFailure failure = sse.errorBeforeContent()
                        ? new UpstreamFailure(
                                200, sse.errorType(), Duration.ZERO, UpstreamFailure.Cause.STREAM_ERROR_EVENT)
                        : new UpstreamFailure(0, "", Duration.ZERO, UpstreamFailure.Cause.STREAM_CUT);
                boolean cut = !sse.errorBeforeContent();
                return new Failed(failure, () -> {
                    try {
                        OutputStream o = commit(call, target, r, held);
                        if (cut) {
                            writeCutError(o);
                        }
                        closeQuietly(o);
                    } catch (IOException | UncheckedIOException | CloseConnectionException e) {
                        // The client went away; nothing left to tell it.
                    }
                });
            }
            try {
                sendWhole(call, target, r, held);
            } catch (UncheckedIOException | CloseConnectionException e) {
                // The client went away; nothing left to tell it.
            }
            return null;
        } else if (!sse.sawMessageStop() && sse.errorType().isEmpty()) {
            // Content already reached the client: never retried silently; the client sees an error event.
            writeCutError(client);
        }
        closeQuietly(client);
        return null;
    }

    /** Starts the client's response with the held prelude and flushes it. */
    private OutputStream commit(Call call, Target target, Upstream.Response r, HeldBytes held) throws IOException {
        OutputStream client = streamHeaders(call, target, r).outputStream();
        held.writeTo(client);
        client.flush();
        return client;
    }

    /**
     * Answers with a stream that is complete before any of it was sent: headers and events leave in one write with a
     * length, without the streaming buffers (a short stream's events usually arrive in one read).
     */
    private void sendWhole(Call call, Target target, Upstream.Response r, HeldBytes held) {
        streamHeaders(call, target, r).send(held.array(), 0, held.size());
    }

    /** Status and headers of a relayed stream: the upstream's own, then Ladder's. */
    private static ServerResponse streamHeaders(Call call, Target target, Upstream.Response r) {
        ServerResponse res = call.res;
        res.status(Status.OK_200);
        Upstream.relayHeaders(r, res);
        call.ladderHeaders(target, false);
        return res;
    }

    /** The held prelude of a stream, readable without a copy. */
    private static final class HeldBytes extends ByteArrayOutputStream {
        HeldBytes(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }

    private static void closeQuietly(OutputStream client) {
        try {
            client.close();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            // The client went away after the last byte; nothing left to tell it.
        }
    }

    private static void writeCutError(OutputStream client) {
        String event = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"the upstream stream ended before message_stop\"}}\n\n";
        try {
            client.write(event.getBytes(StandardCharsets.UTF_8));
            client.flush();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            // The client went away; nothing left to tell it.
        }
    }

    /**
     * The whole answer body: with a content-length within {@code limit}, read into one array of that size (the
     * client holds the entity to it); otherwise up to {@code limit} bytes.
     */
    private static byte[] readAnswer(Upstream.Response r, InputStream in, int limit) throws IOException {
        long length = r.contentLength();
        if (length >= 0 && length <= limit) {
            byte[] answer = in.readNBytes((int) length);
            // Read up to the end too: an entity the client never saw end of closes its connection instead of
            // returning it to the pool (a new upstream connection per call).
            if (answer.length == length && in.read() >= 0) {
                throw new IOException("the upstream sent more than its content-length");
            }
            return answer;
        }
        return in.readNBytes(limit);
    }

    private static UpstreamFailure noResponse(UpstreamFailure.Cause cause) {
        return new UpstreamFailure(0, "", Duration.ZERO, cause);
    }

    private static JsonNode parseOrNull(byte[] body) {
        try {
            return RequestFacts.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String errorType(byte[] body) {
        JsonNode node = parseOrNull(body);
        return node == null ? "" : node.path("error").path("type").asText("");
    }
}
