package ladder.sim;

/** One kind of failure the simulated upstream can inject into a call. */
public enum Fault {
    /** HTTP 529 with an {@code overloaded_error} body. */
    OVERLOADED,
    /** HTTP 429 with a {@code rate_limit_error} body and a {@code retry-after} header. */
    RATE_LIMITED,
    /** HTTP 500 with an {@code api_error} body. */
    SERVER_ERROR,
    /**
     * A streamed answer whose connection closes mid-stream, before {@code message_stop}; on a non-streamed call the
     * connection closes before any response.
     */
    STREAM_CUT,
    /**
     * A streamed answer that carries {@code event: error} ({@code overloaded_error}) mid-stream; on a non-streamed
     * call an HTTP 529.
     */
    STREAM_ERROR
}
