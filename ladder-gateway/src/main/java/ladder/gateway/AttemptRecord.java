package ladder.gateway;

import java.time.Instant;
import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.Usage;

/**
 * One upstream attempt, as the ledger records it: a client call makes one or more of these.
 *
 * @param at when the attempt started
 * @param requestId the gateway's id of the client call the attempt belongs to
 * @param taskId the task
 * @param step the step name, or empty
 * @param team the calling key's team
 * @param project the calling key's project
 * @param keyId the calling key's public id (never the key)
 * @param requestedModel the client's {@code model} value (model id or route name)
 * @param model the model the attempt was sent to
 * @param tier the tier that model stood for
 * @param attemptIndex 0 for the first attempt of the call, then 1, 2, ...
 * @param kind why the attempt was made
 * @param reason the router's reason for it (empty for a first attempt)
 * @param status the upstream HTTP status, 0 when no response arrived
 * @param usage the usage the upstream reported ({@link Usage#EMPTY} when none)
 * @param cost the exact cost, or unpriced
 * @param firstByteMicros microseconds from sending the request to the first response byte (0 when none)
 * @param latencyMicros microseconds from sending the request to the last response byte
 * @param stream whether the answer was streamed
 * @param batch whether the call went through the Message Batches API
 * @param inputBytes request body size sent upstream
 * @param outputBytes response body size received
 * @param bodyHash a 64-bit hash of the client's request body as received, to spot client-side retries
 * @param latencyTolerant whether the client marked the call latency-tolerant
 * @param requestBody the client's raw request body, shared by every attempt of the call and never modified; the
 *     ledger derives the prefix fingerprints and breaks from it off the request path; never stored (empty for batch
 *     results)
 */
public record AttemptRecord(
        Instant at,
        String requestId,
        TaskId taskId,
        String step,
        String team,
        String project,
        String keyId,
        String requestedModel,
        ModelId model,
        Tier tier,
        int attemptIndex,
        AttemptKind kind,
        String reason,
        int status,
        Usage usage,
        AttemptCost cost,
        long firstByteMicros,
        long latencyMicros,
        boolean stream,
        boolean batch,
        long inputBytes,
        long outputBytes,
        long bodyHash,
        boolean latencyTolerant,
        byte[] requestBody) {

    public AttemptRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(requestBody, "requestBody");
        if (attemptIndex < 0 || firstByteMicros < 0 || latencyMicros < 0 || inputBytes < 0 || outputBytes < 0) {
            throw new IllegalArgumentException("attemptIndex, micros and byte counts must be >= 0");
        }
    }
}
