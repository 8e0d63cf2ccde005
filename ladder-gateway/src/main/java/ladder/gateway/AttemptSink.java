package ladder.gateway;

/** Where the gateway appends one {@link AttemptRecord} per upstream attempt. Implementations are thread-safe. */
public interface AttemptSink {

    /**
     * Appends one attempt. Called on the request's thread after the attempt ended; must not block for long.
     *
     * @throws ladder.core.StoreException when the record cannot be kept
     */
    void append(AttemptRecord attempt);
}
