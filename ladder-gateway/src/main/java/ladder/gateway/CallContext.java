package ladder.gateway;

import java.util.Objects;
import ladder.core.TaskId;

/**
 * Everything the router may know about one client call. Text fields are empty, never null, when absent.
 *
 * @param requestId the gateway's id of this client call ({@code req_...})
 * @param taskId the task this call belongs to ({@code x-ladder-task-id}, else Claude Code's session id, else one id
 *     per request)
 * @param step the step name ({@code x-ladder-step}, or the {@code <step>} of a {@code ladder:<step>} route), or empty
 * @param team the team of the calling key
 * @param project the project of the calling key
 * @param keyId the public id of the calling key (never the key itself)
 * @param requestedModel the {@code model} value as the client sent it: a concrete model id or a route name ({@code
 *     ladder:auto}, {@code ladder:<step>})
 * @param ask what the client asked for beyond the model
 * @param stream whether the client asked for a streamed answer
 * @param validatesAnswer whether the gateway can check the answer (a forced tool or {@code x-ladder-expect: json}), so
 *     an invalid answer may be escalated server-side
 * @param estimatedInputTokens a cheap estimate of the input size in tokens, for routing rules and reservations
 * @param maxTokens the request's {@code max_tokens} (0 when the endpoint has none)
 * @param toolsPresent whether the request defines tools
 * @param latencyTolerant whether the client marked the call latency-tolerant ({@code x-ladder-latency: tolerant})
 */
public record CallContext(
        String requestId,
        TaskId taskId,
        String step,
        String team,
        String project,
        String keyId,
        String requestedModel,
        ClientAsk ask,
        boolean stream,
        boolean validatesAnswer,
        long estimatedInputTokens,
        long maxTokens,
        boolean toolsPresent,
        boolean latencyTolerant) {

    /** The prefix of Ladder's route names in {@code model}. */
    public static final String ROUTE_PREFIX = "ladder:";

    public CallContext {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(ask, "ask");
    }

    /** Whether {@code model} names a Ladder route rather than a concrete model. */
    public boolean isRouteName() {
        return requestedModel.startsWith(ROUTE_PREFIX);
    }
}
