package ladder.gateway;

/** Why an upstream attempt was made. */
public enum AttemptKind {
    /** The first attempt of a client call. */
    FIRST,
    /** The same model again, after a retryable failure (429, 5xx, connection). */
    RETRY,
    /** Another model of the same or a neighbouring tier, after an overload. */
    FALLBACK,
    /** The next tier up, after an answer failed validation or the client asked for it. */
    ESCALATION
}
