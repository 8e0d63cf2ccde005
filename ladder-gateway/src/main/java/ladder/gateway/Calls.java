package ladder.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ladder.core.TaskId;
import ladder.core.Tier;

/** What every endpoint does with an incoming request: authenticate, read the body within the limit, build context. */
final class Calls {

    static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    static final HeaderName ANTHROPIC_VERSION = HeaderNames.create("anthropic-version");
    static final HeaderName TASK_ID = HeaderNames.create("x-ladder-task-id");
    static final HeaderName STEP = HeaderNames.create("x-ladder-step");
    static final HeaderName ESCALATE = HeaderNames.create("x-ladder-escalate");
    static final HeaderName OVERRIDE = HeaderNames.create("x-ladder-override");
    static final HeaderName OVERRIDE_REASON = HeaderNames.create("x-ladder-override-reason");
    static final HeaderName EXPECT = HeaderNames.create("x-ladder-expect");
    static final HeaderName LATENCY = HeaderNames.create("x-ladder-latency");

    /** Older Claude Code versions: {@code user_<hash>_account_<uuid>_session_<uuid>}. */
    private static final Pattern LEGACY_SESSION = Pattern.compile("_session_([0-9A-Za-z-]+)$");

    private static final int MAX_TASK_ID_LENGTH = 200;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final KeyRing keys;
    private final long maxBodyBytes;

    Calls(KeyRing keys, long maxBodyBytes) {
        this.keys = keys;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * A fresh request id: 96 random bits in hex. Ids only need to be unique, not unguessable, so a fast non-blocking
     * random serves (a {@code SecureRandom} per request showed up in profiles).
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[PREFIX.length() + 24];
        PREFIX.getChars(0, PREFIX.length(), id, 0);
        int at = PREFIX.length();
        for (int word = 0; word < 3; word++) {
            int bits = random.nextInt();
            for (int shift = 28; shift >= 0; shift -= 4) {
                id[at++] = HEX[(bits >>> shift) & 0xf];
            }
        }
        return new String(id);
    }

    private static final String PREFIX = "req_ladder_";

    /** The client's key from {@code x-api-key} or {@code Authorization: Bearer}, checked against the key ring. */
    ApiKey authenticate(ServerRequest req) {
        Optional<String> presented = req.headers().first(X_API_KEY);
        if (presented.isEmpty()) {
            presented = req.headers()
                    .first(HeaderNames.AUTHORIZATION)
                    .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                    .map(v -> v.substring(7).trim());
        }
        if (presented.isEmpty() || presented.get().isBlank()) {
            throw new BadRequest(ApiError.of(
                            401, "authentication_error", "no Ladder key: send it as x-api-key or Authorization: Bearer")
                    .withHeader("x-should-retry", "false"));
        }
        return switch (keys.check(presented.get())) {
            case KeyRing.Check.Valid v -> v.key();
            case KeyRing.Check.Revoked r ->
                throw new BadRequest(ApiError.of(
                                401,
                                "authentication_error",
                                "Ladder key " + r.key().id() + " is revoked")
                        .withHeader("x-should-retry", "false"));
            case KeyRing.Check.Unknown u ->
                throw new BadRequest(ApiError.of(401, "authentication_error", "invalid Ladder key")
                        .withHeader("x-should-retry", "false"));
        };
    }

    /** The request body, refused with 413 above the configured limit. */
    byte[] readBody(ServerRequest req) throws IOException {
        Optional<String> length = req.headers().first(HeaderNames.CONTENT_LENGTH);
        long declared = -1;
        if (length.isPresent()) {
            try {
                declared = Long.parseLong(length.get().trim());
                if (declared > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw BadRequest.invalid("content-length is not a number");
            }
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            if (declared >= 0) {
                // The server holds the entity to its content-length: read exactly that, into one array.
                byte[] body = in.readNBytes((int) declared);
                // Seeing the end marks the entity consumed, so the connection stays open for the next request.
                if (body.length == declared && in.read() >= 0) {
                    throw BadRequest.invalid("request body is longer than its content-length");
                }
                return body;
            }
            byte[] body = in.readNBytes(Math.toIntExact(Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8)));
            if (body.length > maxBodyBytes) {
                throw tooLarge();
            }
            return body;
        }
    }

    private BadRequest tooLarge() {
        return new BadRequest(ApiError.of(
                413, "request_too_large", "request body exceeds the gateway limit of " + maxBodyBytes + " bytes"));
    }

    /** The routing context of a Messages request. */
    CallContext context(ServerRequest req, String requestId, ApiKey key, RequestFacts facts) {
        if (req.headers().first(ANTHROPIC_VERSION).isEmpty()) {
            throw BadRequest.invalid("anthropic-version: header is required (2023-06-01 or 2026-10-21)");
        }
        String model = facts.model();
        if (model.isBlank()) {
            throw BadRequest.invalid("model: must not be empty");
        }
        String step = req.headers().first(STEP).map(String::trim).orElse("");
        if (step.isEmpty() && model.startsWith(CallContext.ROUTE_PREFIX) && !model.equals("ladder:auto")) {
            step = model.substring(CallContext.ROUTE_PREFIX.length());
        }
        return new CallContext(
                requestId,
                taskId(req, facts, requestId),
                step,
                key.team(),
                key.project(),
                key.id(),
                model,
                ask(req),
                facts.stream(),
                !facts.stream() && (facts.forcesTool() || expectsJson(req)),
                facts.estimatedInputTokens(),
                facts.maxTokens(),
                facts.hasTools(),
                latencyTolerant(req));
    }

    static boolean latencyTolerant(ServerRequest req) {
        return req.headers()
                .first(LATENCY)
                .map(v -> v.trim().equalsIgnoreCase("tolerant"))
                .orElse(false);
    }

    static boolean expectsJson(ServerRequest req) {
        return req.headers()
                .first(EXPECT)
                .map(v -> v.trim().equalsIgnoreCase("json"))
                .orElse(false);
    }

    private static ClientAsk ask(ServerRequest req) {
        Optional<String> override = req.headers().first(OVERRIDE).map(String::trim);
        if (override.isPresent()) {
            Tier tier;
            try {
                tier = Tier.parse(override.get());
            } catch (IllegalArgumentException e) {
                throw BadRequest.invalid("x-ladder-override: " + e.getMessage());
            }
            String reason =
                    req.headers().first(OVERRIDE_REASON).map(String::trim).orElse("");
            if (reason.isEmpty()) {
                throw BadRequest.invalid("x-ladder-override-reason: header is required with x-ladder-override");
            }
            return new ClientAsk.Override(tier, reason);
        }
        Optional<String> escalate =
                req.headers().first(ESCALATE).map(String::trim).filter(s -> !s.isEmpty());
        if (escalate.isPresent()) {
            return new ClientAsk.Escalate(escalate.get());
        }
        return new ClientAsk.Route();
    }

    /**
     * The task id: {@code x-ladder-task-id}, else the session id in {@code metadata.user_id} (Claude Code's JSON form
     * or its older {@code ..._session_<uuid>} form), else one id per request.
     */
    static TaskId taskId(ServerRequest req, RequestFacts facts, String requestId) {
        Optional<String> header = req.headers().first(TASK_ID).map(String::trim).filter(s -> !s.isEmpty());
        if (header.isPresent()) {
            if (header.get().length() > MAX_TASK_ID_LENGTH) {
                throw BadRequest.invalid("x-ladder-task-id: longer than " + MAX_TASK_ID_LENGTH + " characters");
            }
            return TaskId.of(header.get());
        }
        return sessionOf(facts.userId()).map(TaskId::of).orElseGet(() -> TaskId.of(requestId));
    }

    static Optional<String> sessionOf(String userId) {
        String id = userId.trim();
        if (id.startsWith("{")) {
            try {
                JsonNode node = RequestFacts.JSON.readTree(id);
                String session = node.path("session_id").asText("");
                return session.isBlank() || session.length() > MAX_TASK_ID_LENGTH
                        ? Optional.empty()
                        : Optional.of(session);
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        Matcher m = LEGACY_SESSION.matcher(id);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The request's path with its raw query ({@code ?beta=true} kept). */
    static String pathAndQuery(ServerRequest req) {
        String query = req.query().rawValue();
        return req.path().rawPath() + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
