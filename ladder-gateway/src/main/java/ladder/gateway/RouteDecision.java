package ladder.gateway;

import java.time.Duration;
import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.Tier;

/** What the {@link Router} decided for one step of a client call. Callers switch over it exhaustively. */
public sealed interface RouteDecision {

    /**
     * Send the call to {@code model}.
     *
     * @param model the concrete model
     * @param tier the tier it stands for
     * @param rule the name of the rule that chose it (for {@code x-ladder-rule} and the ledger)
     * @param explanation one human sentence on why
     */
    record Use(ModelId model, Tier tier, String rule, String explanation) implements RouteDecision {
        public Use {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /**
     * Try the same model again after waiting {@code delay}.
     *
     * @param model the model to retry
     * @param tier its tier
     * @param delay how long to wait first, {@code >= 0}
     * @param reason why (for the ledger)
     */
    record Retry(ModelId model, Tier tier, Duration delay, String reason) implements RouteDecision {
        public Retry {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(reason, "reason");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must be >= 0, was " + delay);
            }
        }
    }

    /**
     * Send the call to another model at once, after an overload.
     *
     * @param model the fallback model
     * @param tier its tier
     * @param reason why (for the ledger)
     */
    record FallBack(ModelId model, Tier tier, String reason) implements RouteDecision {
        public FallBack {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Send the call to the next tier up.
     *
     * @param model the model of the higher tier
     * @param tier the higher tier
     * @param reason the evidence (failed validation, client report)
     */
    record Escalate(ModelId model, Tier tier, String reason) implements RouteDecision {
        public Escalate {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Stop trying: hand the last upstream answer (error or not) to the client as it is.
     *
     * @param reason why no further attempt is made (attempts exhausted, not retryable, top tier reached)
     */
    record GiveUp(String reason) implements RouteDecision {
        public GiveUp {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Do not call upstream at all; the client gets an error.
     *
     * @param kind which rule refused, which decides the HTTP status
     * @param message one line for the client naming what was refused and for whom (tier and team; budget and when it
     *     resets)
     */
    record Refuse(Kind kind, String message) implements RouteDecision {

        /** Why a call was refused. */
        public enum Kind {
            /** The team may not use that tier or model (403 {@code permission_error}). */
            PERMISSION,
            /** A budget is exhausted (402 {@code billing_error}, not retryable). */
            BUDGET,
            /** {@code model} names a route that does not exist (400 {@code invalid_request_error}). */
            UNKNOWN_ROUTE,
            /** The task reached its escalation or attempt cap (403 {@code permission_error}). */
            CAP_REACHED
        }

        public Refuse {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }
}
