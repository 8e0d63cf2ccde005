package ladder.core.route;

import java.util.Locale;

/** Why an upstream call failed, as far as fallback cares. */
public enum FailureClass {
    /** HTTP 529: the model is overloaded. */
    OVERLOADED,
    /** HTTP 429: rate limited; {@code retry-after} says when to come back. */
    RATE_LIMITED,
    /** Another retryable server-side error (5xx, 408, 409). */
    SERVER_ERROR,
    /** No (complete) answer in time. */
    TIMEOUT,
    /** The connection could not be made or broke before a response. */
    CONNECTION,
    /** The request itself is wrong (other 4xx); retrying or rerouting cannot help. */
    CLIENT_ERROR;

    /** The dashed id used in policy files ({@code rate-limited}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether fallback may act on this class at all. */
    public boolean isRetryable() {
        return this != CLIENT_ERROR;
    }

    /**
     * Parses an id, case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid ids
     */
    public static FailureClass parse(String text) {
        for (FailureClass kind : values()) {
            if (kind.isRetryable() && kind.id().equalsIgnoreCase(text.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown error class '" + text
                + "'; valid: overloaded, rate-limited, server-error, timeout, connection");
    }

    @Override
    public String toString() {
        return id();
    }
}
