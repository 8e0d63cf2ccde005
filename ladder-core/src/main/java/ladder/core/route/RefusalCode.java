package ladder.core.route;

/** Why routing refused a call; the gateway maps each to an HTTP status and an Anthropic-shaped error. */
public enum RefusalCode {
    /** The principal may not use the tier or model. */
    ACCESS_DENIED,
    /** A budget cannot hold the call's worst-case cost. */
    BUDGET_EXHAUSTED,
    /** The team may not name a concrete model. */
    REQUESTED_MODEL_DENIED,
    /** The team may not override to the requested tier. */
    OVERRIDE_DENIED,
    /** The named model is not in the catalog, so its tier and cost are unknown. */
    UNKNOWN_MODEL,
    /** The catalog maps no model to the chosen tier. */
    NO_MODEL_FOR_TIER,
    /** The model has no price, so a budget cannot reserve its worst case. */
    UNPRICED_MODEL,
    /** The upstream error cannot be helped by retrying or rerouting; pass it through. */
    NOT_RETRYABLE,
    /** The per-call attempt cap is reached, or the policy says to fail on this error; pass the last error through. */
    ATTEMPTS_EXHAUSTED,
    /** The escalation cap (per step or per task) is reached. */
    ESCALATION_CAP_REACHED,
    /** The escalation reason is not a trigger, or there is no allowed tier above. */
    ESCALATION_NOT_ALLOWED
}
