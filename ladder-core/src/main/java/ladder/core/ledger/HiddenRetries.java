package ladder.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * Client-side retries within one task: first attempts whose request body hash equals an earlier first attempt from
 * the same key within the retry window. The gateway did not make them, so a client or SDK did.
 *
 * @param taskId the task
 * @param retries repeated requests, {@code >= 1}
 * @param retryCostNanos recorded cost of the repeated requests' first attempts
 * @param taskCostNanos recorded cost of the whole task in the window
 * @param sampleRequestId one repeated request id
 * @param first earliest repeat
 * @param last latest repeat
 */
public record HiddenRetries(
        String taskId,
        long retries,
        long retryCostNanos,
        long taskCostNanos,
        String sampleRequestId,
        Instant first,
        Instant last) {

    public HiddenRetries {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(sampleRequestId, "sampleRequestId");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (retries < 1) {
            throw new IllegalArgumentException("retries must be >= 1, was " + retries);
        }
    }
}
