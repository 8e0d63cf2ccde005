package ladder.core.ledger;

import java.time.Instant;
import java.util.Objects;
import ladder.core.ModelId;

/**
 * Attempts sharing one cache-miss cause, model and (for {@link CacheMissCause#PREFIX_CHANGED}) changed block.
 *
 * @param cause why
 * @param model the routed model
 * @param block the changed block ({@code system}, {@code tools}, {@code messages[3]}), or empty when unknown
 * @param byteOffset the smallest byte offset recorded for that block, or -1 when unknown
 * @param context a redacted context recorded with the break, or empty
 * @param calls attempts, {@code >= 1}
 * @param tasks distinct tasks, {@code 1..calls}
 * @param cacheWrite5mTokens 5-minute writes of those attempts
 * @param cacheWrite1hTokens 1-hour writes of those attempts
 * @param sampleRequestId one request id, for evidence
 * @param sampleTaskId one task id, for evidence
 * @param first earliest attempt time
 * @param last latest attempt time
 */
public record CacheMisses(
        CacheMissCause cause,
        ModelId model,
        String block,
        long byteOffset,
        String context,
        long calls,
        long tasks,
        long cacheWrite5mTokens,
        long cacheWrite1hTokens,
        String sampleRequestId,
        String sampleTaskId,
        Instant first,
        Instant last) {

    public CacheMisses {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(sampleRequestId, "sampleRequestId");
        Objects.requireNonNull(sampleTaskId, "sampleTaskId");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (calls < 1 || tasks < 1 || tasks > calls) {
            throw new IllegalArgumentException("need 1 <= tasks <= calls, were " + tasks + " and " + calls);
        }
    }
}
