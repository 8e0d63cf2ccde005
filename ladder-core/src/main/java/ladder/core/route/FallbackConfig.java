package ladder.core.route;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ladder.core.ModelId;

/**
 * What to do when an upstream call errors. Distinct from escalation: fallback answers "this model is unavailable",
 * escalation "this step is harder than expected".
 *
 * @param maxAttempts upstream calls allowed per call, the first included: 3 means at most 3, never more; {@code >= 1}
 * @param backoff waits between retries of the same model
 * @param actions the action per retryable error class; a class not listed uses {@link FallbackAction#RETRY}
 * @param chains per model, the models to reroute to, in order; a hop may go down the ladder only to the step's floor
 * @param maxRetryAfter the longest {@code retry-after} honoured; a longer one reroutes (or gives up) instead of
 *     waiting
 */
public record FallbackConfig(
        int maxAttempts,
        Backoff backoff,
        Map<FailureClass, FallbackAction> actions,
        Map<ModelId, List<ModelId>> chains,
        Duration maxRetryAfter) {

    /** Three upstream calls per call unless configured. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** The longest server-requested wait honoured unless configured. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);

    public FallbackConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("fallback max-attempts must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        actions = Map.copyOf(actions);
        Map<ModelId, List<ModelId>> copy = new java.util.HashMap<>();
        chains.forEach((model, chain) -> copy.put(model, List.copyOf(chain)));
        chains = Map.copyOf(copy);
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("max-retry-after must be >= 0, was " + maxRetryAfter);
        }
    }

    /**
     * The defaults: three attempts; overloaded reroutes, everything else retries; chains go one rung down (Fable 5 to
     * Opus 4.8, Opus 4.8 to Sonnet 4.6, Sonnet 4.6 to Haiku 4.5), used only when the step's floor allows the cheaper
     * tier; otherwise the same model is retried.
     */
    public static FallbackConfig defaults() {
        Map<FailureClass, FallbackAction> actions = new EnumMap<>(FailureClass.class);
        actions.put(FailureClass.OVERLOADED, FallbackAction.REROUTE);
        actions.put(FailureClass.RATE_LIMITED, FallbackAction.RETRY);
        actions.put(FailureClass.SERVER_ERROR, FallbackAction.RETRY);
        actions.put(FailureClass.TIMEOUT, FallbackAction.RETRY);
        actions.put(FailureClass.CONNECTION, FallbackAction.RETRY);
        return new FallbackConfig(
                DEFAULT_MAX_ATTEMPTS,
                Backoff.DEFAULT,
                actions,
                Map.of(
                        ModelId.FABLE_5, List.of(ModelId.OPUS_4_8),
                        ModelId.OPUS_4_8, List.of(ModelId.SONNET_4_6),
                        ModelId.SONNET_4_6, List.of(ModelId.HAIKU_4_5)),
                DEFAULT_MAX_RETRY_AFTER);
    }

    /** The action for {@code kind}. */
    public FallbackAction actionFor(FailureClass kind) {
        if (!kind.isRetryable()) {
            return FallbackAction.FAIL;
        }
        return actions.getOrDefault(kind, FallbackAction.RETRY);
    }

    /** The reroute chain of {@code model}; empty when none is configured. */
    public List<ModelId> chainFor(ModelId model) {
        return chains.getOrDefault(model, List.of());
    }
}
