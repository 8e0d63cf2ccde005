package ladder.core.route;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One failed upstream call, as fallback sees it.
 *
 * @param kind the error class
 * @param status the HTTP status, or {@code 0} when no response arrived (timeout, connection failure)
 * @param retryAfter how long the server asked us to wait; {@link Duration#ZERO} when it did not say
 */
public record UpstreamFailure(FailureClass kind, int status, Duration retryAfter) {

    public UpstreamFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be 0 or an HTTP status, was " + status);
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must be >= 0, was " + retryAfter);
        }
    }

    /** The call timed out. */
    public static UpstreamFailure timeout() {
        return new UpstreamFailure(FailureClass.TIMEOUT, 0, Duration.ZERO);
    }

    /** The connection failed before a response. */
    public static UpstreamFailure connectionFailed() {
        return new UpstreamFailure(FailureClass.CONNECTION, 0, Duration.ZERO);
    }

    /** An HTTP error response without headers of interest. */
    public static UpstreamFailure ofStatus(int status) {
        return fromHttp(status, Map.of(), Instant.EPOCH);
    }

    /**
     * Classifies an HTTP error response. This is the one place that decides retryable-or-not.
     *
     * @param status the HTTP status ({@code >= 400})
     * @param headers response headers, names in lower case; only {@code retry-after}, {@code retry-after-ms} and
     *     {@code x-should-retry} are read
     * @param now the time the response arrived, to turn an HTTP-date {@code retry-after} into a wait
     */
    public static UpstreamFailure fromHttp(int status, Map<String, String> headers, Instant now) {
        Duration retryAfter = retryAfter(headers, now);
        String shouldRetry = headers.get("x-should-retry");
        FailureClass kind;
        if ("false".equalsIgnoreCase(shouldRetry)) {
            // the API says explicitly that repeating this request cannot succeed
            kind = FailureClass.CLIENT_ERROR;
        } else if (status == 529) {
            // overloaded: the model is busy everywhere; another model may not be
            kind = FailureClass.OVERLOADED;
        } else if (status == 429) {
            // rate limited: our quota for this model is spent until retry-after
            kind = FailureClass.RATE_LIMITED;
        } else if (status == 408 || status == 409) {
            // request timeout and lock conflict: transient by definition, same as a server error
            kind = FailureClass.SERVER_ERROR;
        } else if (status >= 500) {
            // any other 5xx: the server failed, the request may well succeed again
            kind = FailureClass.SERVER_ERROR;
        } else if ("true".equalsIgnoreCase(shouldRetry)) {
            // the API asks for a retry even though the status alone would not
            kind = FailureClass.SERVER_ERROR;
        } else {
            // every other 4xx: the request itself is wrong (auth, validation, too large); retrying cannot help
            kind = FailureClass.CLIENT_ERROR;
        }
        return new UpstreamFailure(kind, status, retryAfter);
    }

    /** Whether fallback may act on this failure. */
    public boolean isRetryable() {
        return kind.isRetryable();
    }

    /** Reads {@code retry-after-ms} (milliseconds) first, then {@code retry-after} (seconds or an HTTP date). */
    static Duration retryAfter(Map<String, String> headers, Instant now) {
        String millis = headers.get("retry-after-ms");
        if (millis != null) {
            try {
                double value = Double.parseDouble(millis.trim());
                if (value >= 0 && value < 1e12) {
                    return Duration.ofMillis((long) Math.ceil(value));
                }
            } catch (NumberFormatException ignored) {
                // fall through to retry-after: a malformed header is ignored, as the Anthropic SDKs do
            }
        }
        String seconds = headers.get("retry-after");
        if (seconds != null) {
            String text = seconds.trim();
            try {
                double value = Double.parseDouble(text);
                if (value >= 0 && value < 1e9) {
                    return Duration.ofMillis((long) Math.ceil(value * 1000));
                }
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant date = ZonedDateTime.parse(
                                    text, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
                            .toInstant();
                    Duration wait = Duration.between(now, date);
                    return wait.isNegative() ? Duration.ZERO : wait;
                } catch (DateTimeParseException ignored) {
                    // neither seconds nor a date: ignored
                }
            }
        }
        return Duration.ZERO;
    }
}
