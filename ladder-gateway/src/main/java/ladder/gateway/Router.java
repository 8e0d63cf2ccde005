package ladder.gateway;

import java.util.List;

/**
 * The gateway's port to the routing policy: which model handles a call, and what to do when an attempt fails or its
 * answer is invalid. Implementations are pure decisions (no I/O, no sleeping); the gateway carries them out.
 */
public interface Router {

    /**
     * Decides the first attempt of a call.
     *
     * @return {@link RouteDecision.Use} or {@link RouteDecision.Escalate} (the client asked to escalate) or {@link
     *     RouteDecision.Refuse}
     */
    RouteDecision route(CallContext call);

    /**
     * Decides what follows a failed upstream attempt.
     *
     * @param attempts every attempt made so far for this call, oldest first, the failed one last; never empty
     * @return {@link RouteDecision.Retry}, {@link RouteDecision.FallBack}, {@link RouteDecision.Escalate} or {@link
     *     RouteDecision.GiveUp} (the failure goes to the client)
     */
    RouteDecision onFailure(CallContext call, List<RoutedAttempt> attempts, UpstreamFailure failure);

    /**
     * Decides what follows an answer that failed the call's stated validity check.
     *
     * @param attempts every attempt made so far for this call, oldest first, the invalid one last; never empty
     * @param reason why the answer is invalid, one line
     * @return {@link RouteDecision.Escalate} or {@link RouteDecision.GiveUp} (the answer goes to the client as it is)
     */
    RouteDecision onInvalidAnswer(CallContext call, List<RoutedAttempt> attempts, String reason);

    /**
     * The model ids and route names a team may put in {@code model}, for {@code GET /v1/models}; route names first.
     */
    List<String> offerings(String team, String project);

    /**
     * The call is over: every attempt has been recorded and no further decision will be asked for. Implementations
     * release what they held for it (a budget reservation no attempt used, per-call state).
     */
    default void finished(CallContext call) {}
}
