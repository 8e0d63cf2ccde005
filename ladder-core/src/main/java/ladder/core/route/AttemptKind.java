package ladder.core.route;

/** How an upstream call came about. */
public enum AttemptKind {
    /** The first call of a step ({@link RouteDecision.Use}). */
    FIRST,
    /** The same model again after a failure ({@link RouteDecision.FallBack} with {@link FallbackAction#RETRY}). */
    RETRY,
    /** Another model after a failure ({@link RouteDecision.FallBack} with {@link FallbackAction#REROUTE}). */
    REROUTE,
    /** One tier up on evidence ({@link RouteDecision.Escalate}). */
    ESCALATION
}
