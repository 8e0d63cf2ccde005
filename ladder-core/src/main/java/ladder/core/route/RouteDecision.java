package ladder.core.route;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.Tier;
import ladder.core.access.AuditRecord;
import ladder.core.access.Reservation;

/**
 * What to do next for a step. {@link Use}, {@link Escalate} and {@link FallBack} are {@link Call}s: make one upstream
 * call to {@link Call#model()} after waiting {@link Call#delay()}, then settle {@link Call#reservation()}. {@link
 * Refuse} ends the step. Every case carries its {@link Explanation}.
 */
public sealed interface RouteDecision {

    /** Why this decision. */
    Explanation explanation();

    /** A decision to make one upstream call. */
    sealed interface Call extends RouteDecision {

        /** The model to call (replace the request's {@code model} with it). */
        ModelId model();

        /** The model's tier. */
        Tier tier();

        /** The cheapest tier a fallback of this step may go down to. */
        Tier floor();

        /** How long to wait before calling ({@link Duration#ZERO} for at once). */
        Duration delay();

        /** The worst-case cost held against budgets; settle it to the actual cost after the call. */
        Reservation reservation();
    }

    /**
     * The first call of a step.
     *
     * @param audit the override audit record when the caller overrode the tier, else empty
     */
    record Use(
            ModelId model,
            Tier tier,
            Tier floor,
            Reservation reservation,
            List<AuditRecord> audit,
            Explanation explanation)
            implements Call {
        public Use {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(floor, "floor");
            Objects.requireNonNull(reservation, "reservation");
            audit = List.copyOf(audit);
            Objects.requireNonNull(explanation, "explanation");
        }

        @Override
        public Duration delay() {
            return Duration.ZERO;
        }
    }

    /**
     * The step proved harder than expected: call it again one tier up.
     *
     * @param from the tier that was not enough
     * @param reason the evidence
     */
    record Escalate(
            ModelId model,
            Tier tier,
            Tier from,
            EscalationReason reason,
            Reservation reservation,
            Explanation explanation)
            implements Call {
        public Escalate {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(reservation, "reservation");
            Objects.requireNonNull(explanation, "explanation");
        }

        /** An escalated step never falls back below the tier it escalated to. */
        @Override
        public Tier floor() {
            return tier;
        }

        @Override
        public Duration delay() {
            return Duration.ZERO;
        }
    }

    /**
     * The last call errored: retry the same model after {@code delay}, or reroute to another.
     *
     * @param action {@link FallbackAction#RETRY} (same model) or {@link FallbackAction#REROUTE} (another model)
     * @param failure the error being handled
     */
    record FallBack(
            ModelId model,
            Tier tier,
            Tier floor,
            FallbackAction action,
            UpstreamFailure failure,
            Duration delay,
            Reservation reservation,
            Explanation explanation)
            implements Call {
        public FallBack {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(floor, "floor");
            Objects.requireNonNull(action, "action");
            if (action == FallbackAction.FAIL) {
                throw new IllegalArgumentException("a FallBack retries or reroutes; FAIL is a Refuse");
            }
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(reservation, "reservation");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /**
     * Do not call (again).
     *
     * @param code what kind of refusal, for the gateway's status mapping
     * @param message one line for the client: what is wrong and what would be allowed
     */
    record Refuse(RefusalCode code, String message, Explanation explanation) implements RouteDecision {
        public Refuse {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(explanation, "explanation");
        }
    }
}
