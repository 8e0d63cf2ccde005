package ladder.gateway;

/**
 * A refusal found while reading a request or deciding on it, carried to {@link ErrorBoundary} which turns it into the
 * HTTP status and Anthropic-shaped body. Thrown only inside the gateway, never across its API.
 */
final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    BadRequest(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    static BadRequest invalid(String message) {
        return new BadRequest(ApiError.of(400, "invalid_request_error", message));
    }

    ApiError error() {
        return error;
    }
}
