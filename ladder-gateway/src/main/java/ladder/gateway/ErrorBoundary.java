package ladder.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one place where refusals and exceptions become an HTTP status plus an Anthropic-shaped error body {@code
 * {"type":"error","error":{"type","message"},"request_id"}}. Never a stack trace; never a 500 for a client mistake.
 */
final class ErrorBoundary {

    private static final System.Logger LOG = System.getLogger(ErrorBoundary.class.getName());

    private ErrorBoundary() {}

    /** The error a router refusal becomes. */
    static ApiError fromRefusal(RouteDecision.Refuse refusal) {
        return switch (refusal.kind()) {
            case PERMISSION, CAP_REACHED -> ApiError.of(403, "permission_error", refusal.message());
            // A budget does not come back by retrying now.
            case BUDGET -> ApiError.of(402, "billing_error", refusal.message()).withHeader("x-should-retry", "false");
            case UNKNOWN_ROUTE -> ApiError.of(400, "invalid_request_error", refusal.message());
        };
    }

    /** Answers {@code failure} on {@code res} unless a response has already started. Logs only unexpected ones. */
    static void answer(ServerResponse res, Throwable failure, String requestId, String taskId) {
        ApiError error;
        if (failure instanceof BadRequest bad) {
            error = bad.error();
        } else {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "request " + requestId + " (task " + taskId + ") failed: " + failure,
                    failure);
            error = ApiError.of(500, "api_error", "internal error in the Ladder gateway; request id " + requestId);
        }
        if (!res.isSent()) {
            send(res, error, requestId);
        }
    }

    static void send(ServerResponse res, ApiError error, String requestId) {
        res.status(Status.create(error.status()));
        for (Map.Entry<String, String> h : error.headers().entrySet()) {
            res.header(h.getKey(), h.getValue());
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header("request-id", requestId);
        res.send(body(error.type(), error.message(), requestId));
    }

    static byte[] body(String type, String message, String requestId) {
        ObjectNode root = RequestFacts.JSON.createObjectNode();
        root.put("type", "error");
        ObjectNode err = root.putObject("error");
        err.put("type", type);
        err.put("message", message);
        root.put("request_id", requestId);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
