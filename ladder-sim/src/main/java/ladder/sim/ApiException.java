package ladder.sim;

import java.util.Map;

/** An error the sim answers with an Anthropic-shaped body: HTTP status, {@code error.type}, message, extra headers. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final transient Map<String, String> headers;

    ApiException(int status, String type, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.headers = Map.copyOf(headers);
    }

    static ApiException invalidRequest(String message) {
        return new ApiException(400, "invalid_request_error", message, Map.of());
    }

    static ApiException authentication(String message) {
        return new ApiException(401, "authentication_error", message, Map.of());
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found_error", message, Map.of());
    }

    static ApiException overloaded() {
        return new ApiException(529, "overloaded_error", "Overloaded", Map.of());
    }

    static ApiException rateLimited(int retryAfterSeconds) {
        return new ApiException(
                429,
                "rate_limit_error",
                "Number of request tokens has exceeded your per-minute rate limit (simulated)",
                Map.of("retry-after", Integer.toString(retryAfterSeconds)));
    }

    static ApiException serverError() {
        return new ApiException(500, "api_error", "Internal server error", Map.of());
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    Map<String, String> headers() {
        return headers;
    }
}
