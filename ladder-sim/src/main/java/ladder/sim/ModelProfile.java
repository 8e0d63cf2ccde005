package ladder.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How the simulated upstream behaves for one model.
 *
 * @param firstTokenLatency wait before the first output (the message start of a stream); zero or more
 * @param perTokenLatency wait per output token; zero or more
 * @param minCacheableTokens prompts shorter than this up to a breakpoint are not cached (1024 for Sonnet and Opus,
 *     2048 for Haiku on the real API); 1 or more
 * @param invalidToolInputRate share of forced tool calls whose {@code input} breaks the tool's schema (a required
 *     field missing, or a wrong type); a number from 0 to 1
 * @param invalidJsonRate share of answers to prompts that ask for JSON that come back as prose instead; 0 to 1
 * @param faults fault rates for calls to this model
 */
public record ModelProfile(
        Duration firstTokenLatency,
        Duration perTokenLatency,
        int minCacheableTokens,
        double invalidToolInputRate,
        double invalidJsonRate,
        FaultConfig faults) {

    /** Minimum cacheable prompt for Sonnet and Opus models, in tokens. */
    public static final int DEFAULT_MIN_CACHEABLE_TOKENS = 1024;
    /** Minimum cacheable prompt for Haiku models, in tokens. */
    public static final int HAIKU_MIN_CACHEABLE_TOKENS = 2048;
    /** Time to first token of an unknown model. */
    public static final Duration DEFAULT_FIRST_TOKEN_LATENCY = Duration.ofMillis(500);
    /** Time per output token of an unknown model. */
    public static final Duration DEFAULT_PER_TOKEN_LATENCY = Duration.ofMillis(10);

    public ModelProfile {
        Objects.requireNonNull(firstTokenLatency, "firstTokenLatency");
        Objects.requireNonNull(perTokenLatency, "perTokenLatency");
        Objects.requireNonNull(faults, "faults");
        if (firstTokenLatency.isNegative()) {
            throw new IllegalArgumentException("first-token-latency must not be negative, was " + firstTokenLatency);
        }
        if (perTokenLatency.isNegative()) {
            throw new IllegalArgumentException("per-token-latency must not be negative, was " + perTokenLatency);
        }
        if (minCacheableTokens < 1) {
            throw new IllegalArgumentException("min-cacheable-tokens must be 1 or more, was " + minCacheableTokens);
        }
        FaultConfig.requireRate("invalid-tool-input-rate", invalidToolInputRate);
        FaultConfig.requireRate("invalid-json-rate", invalidJsonRate);
    }

    /** A well-behaved model with the given latencies and minimum cacheable length. */
    public static ModelProfile of(Duration firstTokenLatency, Duration perTokenLatency, int minCacheableTokens) {
        return new ModelProfile(firstTokenLatency, perTokenLatency, minCacheableTokens, 0, 0, FaultConfig.none());
    }

    /** The profile of a model the config does not name: default latency, 1024-token minimum, no faults. */
    public static ModelProfile defaults() {
        return of(DEFAULT_FIRST_TOKEN_LATENCY, DEFAULT_PER_TOKEN_LATENCY, DEFAULT_MIN_CACHEABLE_TOKENS);
    }

    /** This profile with both latencies zero. */
    public ModelProfile withoutLatency() {
        return new ModelProfile(
                Duration.ZERO, Duration.ZERO, minCacheableTokens, invalidToolInputRate, invalidJsonRate, faults);
    }

    /** This profile with other fault rates. */
    public ModelProfile withFaults(FaultConfig newFaults) {
        return new ModelProfile(
                firstTokenLatency,
                perTokenLatency,
                minCacheableTokens,
                invalidToolInputRate,
                invalidJsonRate,
                newFaults);
    }

    /** This profile producing invalid forced-tool input at {@code rate}. */
    public ModelProfile withInvalidToolInputRate(double rate) {
        return new ModelProfile(firstTokenLatency, perTokenLatency, minCacheableTokens, rate, invalidJsonRate, faults);
    }

    /** This profile answering prose to JSON prompts at {@code rate}. */
    public ModelProfile withInvalidJsonRate(double rate) {
        return new ModelProfile(
                firstTokenLatency, perTokenLatency, minCacheableTokens, invalidToolInputRate, rate, faults);
    }

    /** This profile with another minimum cacheable length. */
    public ModelProfile withMinCacheableTokens(int tokens) {
        return new ModelProfile(
                firstTokenLatency, perTokenLatency, tokens, invalidToolInputRate, invalidJsonRate, faults);
    }
}
