package ladder.sim;

/**
 * Fault rates of one model. Each rate is a probability in {@code [0, 1]} drawn per call from the sim's seeded random;
 * the HTTP error rates together must not exceed 1, and so must the two stream rates.
 *
 * @param overloadedRate share of calls answered 529 {@code overloaded_error}
 * @param rateLimitedRate share of calls answered 429 {@code rate_limit_error}
 * @param retryAfterSeconds the {@code retry-after} header sent with a 429, in seconds; zero or more
 * @param serverErrorRate share of calls answered 500 {@code api_error}
 * @param streamCutRate share of streamed calls whose connection closes mid-stream
 * @param streamErrorRate share of streamed calls that carry a mid-stream {@code event: error}
 */
public record FaultConfig(
        double overloadedRate,
        double rateLimitedRate,
        int retryAfterSeconds,
        double serverErrorRate,
        double streamCutRate,
        double streamErrorRate) {

    /** The {@code retry-after} sent with an injected 429 unless configured otherwise, in seconds. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

    private static final FaultConfig NONE = new FaultConfig(0, 0, DEFAULT_RETRY_AFTER_SECONDS, 0, 0, 0);

    public FaultConfig {
        requireRate("overloaded-rate", overloadedRate);
        requireRate("rate-limited-rate", rateLimitedRate);
        requireRate("server-error-rate", serverErrorRate);
        requireRate("stream-cut-rate", streamCutRate);
        requireRate("stream-error-rate", streamErrorRate);
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retry-after-seconds must be 0 or more, was " + retryAfterSeconds);
        }
        if (overloadedRate + rateLimitedRate + serverErrorRate > 1.0) {
            throw new IllegalArgumentException(
                    "overloaded-rate + rate-limited-rate + server-error-rate must not exceed 1, was "
                            + (overloadedRate + rateLimitedRate + serverErrorRate));
        }
        if (streamCutRate + streamErrorRate > 1.0) {
            throw new IllegalArgumentException(
                    "stream-cut-rate + stream-error-rate must not exceed 1, was " + (streamCutRate + streamErrorRate));
        }
    }

    /** No faults at all. */
    public static FaultConfig none() {
        return NONE;
    }

    /** Only 529 overloaded, at {@code rate}. */
    public static FaultConfig overloaded(double rate) {
        return new FaultConfig(rate, 0, DEFAULT_RETRY_AFTER_SECONDS, 0, 0, 0);
    }

    /** Only 429 rate limits, at {@code rate}, with {@code retryAfterSeconds}. */
    public static FaultConfig rateLimited(double rate, int retryAfterSeconds) {
        return new FaultConfig(0, rate, retryAfterSeconds, 0, 0, 0);
    }

    /** Whether any rate is above zero. */
    public boolean isActive() {
        return overloadedRate > 0
                || rateLimitedRate > 0
                || serverErrorRate > 0
                || streamCutRate > 0
                || streamErrorRate > 0;
    }

    static void requireRate(String field, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(field + " must be a number from 0 to 1, was " + rate);
        }
    }
}
