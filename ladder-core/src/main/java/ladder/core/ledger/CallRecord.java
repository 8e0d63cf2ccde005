package ladder.core.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.Usage;

/**
 * One upstream attempt as the ledger keeps it: who asked, what was routed where, what it used and cost, how long it
 * took. Never holds prompt text or an API key. A request with a retry, fallback or escalation has several records
 * sharing {@code requestId}, told apart by {@link Attempt#index()}; {@code (requestId, attempt.index)} is unique.
 *
 * @param time when the attempt started, truncated to microseconds (the precision every store keeps)
 * @param requestId Ladder's id of the client request; non-blank
 * @param taskId the agent task the request belongs to
 * @param step the agent step name (e.g. {@code plan}), or empty
 * @param team the team the key belongs to; non-blank
 * @param project the project the key belongs to, or empty
 * @param keyId the id of the Ladder key that made the call (never the key itself), or empty
 * @param requestedModel the model or tier the client asked for, exactly as sent (may be an alias or empty)
 * @param routedModel the model the attempt was sent to
 * @param tier the tier of {@code routedModel}
 * @param attempt which attempt this is and why it was made
 * @param httpStatus the upstream HTTP status, or 0 when no response arrived (connection failure); 0..999
 * @param usage the whole usage block the upstream reported ({@link Usage#EMPTY} when none)
 * @param cost the exact cost, or unpriced
 * @param timeToFirstByteMicros microseconds from sending to the first response byte, {@code >= 0}
 * @param latencyMicros microseconds from sending to the last response byte, {@code >= timeToFirstByteMicros}
 * @param stream whether the response was streamed (SSE)
 * @param batch whether the call went through the batch API
 * @param prefixFingerprints 64-bit hashes of each cacheable prompt block, in prompt order (copied)
 * @param inputBytes size of the request body sent upstream, {@code >= 0}
 * @param outputBytes size of the response body received, {@code >= 0}
 * @param bodyHash 64-bit hash of the request body as the client sent it (before routing), to spot client-side
 *     retries; 0 when not computed
 * @param latencyTolerant whether the client said the task tolerates latency ({@code x-ladder-latency: tolerant}),
 *     i.e. it could have gone through the batch API
 * @param prefixBreaks where the cacheable prefix changed against the same task's previous call, as {@link
 *     ladder.core.prefix.PrefixTracker} found it (copied; usually empty)
 * @param precedents what the attempt follows (the task's previous cached call, an earlier identical body), as the
 *     recording gateway saw it; {@link Precedents#NONE} when nothing is known
 */
public record CallRecord(
        Instant time,
        String requestId,
        TaskId taskId,
        String step,
        String team,
        String project,
        String keyId,
        String requestedModel,
        ModelId routedModel,
        Tier tier,
        Attempt attempt,
        int httpStatus,
        Usage usage,
        CallCost cost,
        long timeToFirstByteMicros,
        long latencyMicros,
        boolean stream,
        boolean batch,
        List<Long> prefixFingerprints,
        long inputBytes,
        long outputBytes,
        long bodyHash,
        boolean latencyTolerant,
        List<PrefixBreak> prefixBreaks,
        Precedents precedents) {

    public CallRecord {
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(routedModel, "routedModel");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(cost, "cost");
        prefixFingerprints = List.copyOf(Objects.requireNonNull(prefixFingerprints, "prefixFingerprints"));
        prefixBreaks = List.copyOf(Objects.requireNonNull(prefixBreaks, "prefixBreaks"));
        Objects.requireNonNull(precedents, "precedents");
        if (requestId.isBlank()) {
            throw new IllegalArgumentException("request id must not be blank");
        }
        if (team.isBlank()) {
            throw new IllegalArgumentException("team must not be blank");
        }
        if (httpStatus < 0 || httpStatus > 999) {
            throw new IllegalArgumentException("http status must be 0..999, was " + httpStatus);
        }
        if (timeToFirstByteMicros < 0) {
            throw new IllegalArgumentException("time to first byte must be >= 0 us, was " + timeToFirstByteMicros);
        }
        if (latencyMicros < timeToFirstByteMicros) {
            throw new IllegalArgumentException("latency (" + latencyMicros + " us) must be >= time to first byte ("
                    + timeToFirstByteMicros + " us)");
        }
        if (inputBytes < 0 || outputBytes < 0) {
            throw new IllegalArgumentException(
                    "input and output bytes must be >= 0, were " + inputBytes + " and " + outputBytes);
        }
    }

    /** A builder; {@code step}, {@code project}, {@code keyId}, {@code requestedModel} default to empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder()
                        .time(time)
                        .requestId(requestId)
                        .taskId(taskId)
                        .step(step)
                        .team(team)
                        .project(project)
                        .keyId(keyId)
                        .requestedModel(requestedModel)
                        .routedModel(routedModel)
                        .tier(tier)
                        .attempt(attempt)
                        .httpStatus(httpStatus)
                        .usage(usage)
                        .cost(cost)
                        .timeToFirstByteMicros(timeToFirstByteMicros)
                        .latencyMicros(latencyMicros)
                        .stream(stream)
                        .batch(batch)
                        .prefixFingerprints(prefixFingerprints)
                        .inputBytes(inputBytes)
                        .outputBytes(outputBytes)
                        .bodyHash(bodyHash)
                        .latencyTolerant(latencyTolerant)
                        .prefixBreaks(prefixBreaks)
                        .precedents(precedents);
    }

    /**
     * Collects the parts of a {@link CallRecord}; {@link #build()} validates them. Defaults: empty step, project, key
     * id and requested model, {@link Attempt#FIRST}, status 200, {@link Usage#EMPTY}, unpriced, no fingerprints,
     * zero latencies and sizes, not streamed, not batched, no body hash (0), not latency-tolerant, no prefix breaks,
     * {@link Precedents#NONE}.
     */
    public static final class Builder {
        private Instant time;
        private String requestId;
        private TaskId taskId;
        private String step = "";
        private String team;
        private String project = "";
        private String keyId = "";
        private String requestedModel = "";
        private ModelId routedModel;
        private Tier tier;
        private Attempt attempt = Attempt.FIRST;
        private int httpStatus = 200;
        private Usage usage = Usage.EMPTY;
        private CallCost cost = CallCost.unpriced();
        private long timeToFirstByteMicros;
        private long latencyMicros;
        private boolean stream;
        private boolean batch;
        private List<Long> prefixFingerprints = List.of();
        private long inputBytes;
        private long outputBytes;
        private long bodyHash;
        private boolean latencyTolerant;
        private List<PrefixBreak> prefixBreaks = List.of();
        private Precedents precedents = Precedents.NONE;

        private Builder() {}

        /** Sets when the attempt started. */
        public Builder time(Instant value) {
            this.time = value;
            return this;
        }

        /** Sets Ladder's request id. */
        public Builder requestId(String value) {
            this.requestId = value;
            return this;
        }

        /** Sets the task id. */
        public Builder taskId(TaskId value) {
            this.taskId = value;
            return this;
        }

        /** Sets the agent step name. */
        public Builder step(String value) {
            this.step = value;
            return this;
        }

        /** Sets the team. */
        public Builder team(String value) {
            this.team = value;
            return this;
        }

        /** Sets the project. */
        public Builder project(String value) {
            this.project = value;
            return this;
        }

        /** Sets the key id (never the key). */
        public Builder keyId(String value) {
            this.keyId = value;
            return this;
        }

        /** Sets the model the client asked for. */
        public Builder requestedModel(String value) {
            this.requestedModel = value;
            return this;
        }

        /** Sets the model the attempt went to. */
        public Builder routedModel(ModelId value) {
            this.routedModel = value;
            return this;
        }

        /** Sets the tier of the routed model. */
        public Builder tier(Tier value) {
            this.tier = value;
            return this;
        }

        /** Sets which attempt this is. */
        public Builder attempt(Attempt value) {
            this.attempt = value;
            return this;
        }

        /** Sets the upstream HTTP status (0 when none arrived). */
        public Builder httpStatus(int value) {
            this.httpStatus = value;
            return this;
        }

        /** Sets the usage block. */
        public Builder usage(Usage value) {
            this.usage = value;
            return this;
        }

        /** Sets the cost. */
        public Builder cost(CallCost value) {
            this.cost = value;
            return this;
        }

        /** Sets the time to first byte in microseconds. */
        public Builder timeToFirstByteMicros(long value) {
            this.timeToFirstByteMicros = value;
            return this;
        }

        /** Sets the total latency in microseconds. */
        public Builder latencyMicros(long value) {
            this.latencyMicros = value;
            return this;
        }

        /** Sets whether the response was streamed. */
        public Builder stream(boolean value) {
            this.stream = value;
            return this;
        }

        /** Sets whether the call went through the batch API. */
        public Builder batch(boolean value) {
            this.batch = value;
            return this;
        }

        /** Sets the prefix fingerprints, in prompt order. */
        public Builder prefixFingerprints(List<Long> value) {
            this.prefixFingerprints = value;
            return this;
        }

        /** Sets the request body size in bytes. */
        public Builder inputBytes(long value) {
            this.inputBytes = value;
            return this;
        }

        /** Sets the response body size in bytes. */
        public Builder outputBytes(long value) {
            this.outputBytes = value;
            return this;
        }

        /** Sets the 64-bit hash of the client's request body (0: not computed). */
        public Builder bodyHash(long value) {
            this.bodyHash = value;
            return this;
        }

        /** Sets whether the client marked the task latency-tolerant. */
        public Builder latencyTolerant(boolean value) {
            this.latencyTolerant = value;
            return this;
        }

        /** Sets the prefix breaks found for this call. */
        public Builder prefixBreaks(List<PrefixBreak> value) {
            this.prefixBreaks = value;
            return this;
        }

        /** Sets what the attempt follows. */
        public Builder precedents(Precedents value) {
            this.precedents = value;
            return this;
        }

        /**
         * Returns the record.
         *
         * @throws NullPointerException naming a required part that was not set
         * @throws IllegalArgumentException naming a part that is out of range
         */
        public CallRecord build() {
            return new CallRecord(
                    time,
                    requestId,
                    taskId,
                    step,
                    team,
                    project,
                    keyId,
                    requestedModel,
                    routedModel,
                    tier,
                    attempt,
                    httpStatus,
                    usage,
                    cost,
                    timeToFirstByteMicros,
                    latencyMicros,
                    stream,
                    batch,
                    prefixFingerprints,
                    inputBytes,
                    outputBytes,
                    bodyHash,
                    latencyTolerant,
                    prefixBreaks,
                    precedents);
        }
    }
}
