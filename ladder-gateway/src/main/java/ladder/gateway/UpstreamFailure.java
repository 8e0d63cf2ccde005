package ladder.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An upstream attempt that did not produce an answer the client can use.
 *
 * @param status the HTTP status, or {@code 0} when there was none (connection failure, timeout)
 * @param errorType the Anthropic {@code error.type} ({@code overloaded_error}, ...), or empty when unknown
 * @param retryAfter the wait the upstream asked for ({@code retry-after-ms} or {@code retry-after}), {@link
 *     Duration#ZERO} when it asked for none
 * @param cause how the failure showed
 */
public record UpstreamFailure(int status, String errorType, Duration retryAfter, Cause cause) {

    /** How a failure showed. */
    public enum Cause {
        /** A non-2xx response. */
        HTTP_STATUS,
        /** An SSE {@code error} event before any content reached the client. */
        STREAM_ERROR_EVENT,
        /** The stream ended before any content reached the client. */
        STREAM_CUT,
        /** No response in time. */
        TIMEOUT,
        /** The connection could not be made or broke. */
        CONNECTION
    }

    public UpstreamFailure {
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(cause, "cause");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must be >= 0, was " + retryAfter);
        }
    }

    /** Whether the upstream said it is overloaded (529, or an {@code overloaded_error} event). */
    public boolean isOverloaded() {
        return status == 529 || "overloaded_error".equals(errorType);
    }

    /** The wait the upstream asked for, if any. */
    public Optional<Duration> retryAfterHint() {
        return retryAfter.isZero() ? Optional.empty() : Optional.of(retryAfter);
    }

    /**
     * Whether trying again (same or another model) may succeed. One rule per line, as the SDKs decide (wire reference
     * §9).
     */
    public boolean isRetryable() {
        return switch (cause) {
            // No answer at all: the request may never have reached a model.
            case TIMEOUT, CONNECTION, STREAM_CUT -> true;
            // An error event before content is the streaming form of a 5xx/529.
            case STREAM_ERROR_EVENT -> isOverloaded() || "api_error".equals(errorType);
            case HTTP_STATUS ->
                // 408 request timeout and 409 conflict are transient by definition.
                status == 408
                        || status == 409
                        // 429: rate limited; waiting for retry-after helps.
                        || status == 429
                        // 5xx including 529 overloaded: the upstream's fault, not the request's.
                        || status >= 500;
        };
    }
}
