package ladder.core.ledger;

/** Why an upstream attempt was made. */
public enum AttemptKind {
    /** The first attempt of a request. */
    FIRST,
    /** The same model again after a retryable failure (429, 5xx, overloaded). */
    RETRY,
    /** A different model of the same or a lower tier because the first was unavailable. */
    FALLBACK,
    /** One tier up, on evidence that the lower tier did not hold quality. */
    ESCALATION
}
