package ladder.core.route;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import ladder.core.ModelId;

/**
 * The upstream calls made so far for one step, oldest first. Immutable: the caller records each executed {@link
 * RouteDecision.Call} with {@link #after} and passes the result to {@link RoutingPolicy#onFailure} or {@link
 * RoutingPolicy#onEscalation}.
 *
 * @param attempts the calls made, oldest first
 */
public record AttemptHistory(List<Attempt> attempts) {

    private static final AttemptHistory EMPTY = new AttemptHistory(List.of());

    public AttemptHistory {
        attempts = List.copyOf(attempts);
    }

    /** No calls yet. */
    public static AttemptHistory empty() {
        return EMPTY;
    }

    /** This history plus the call {@code call} (about to be or just made). */
    public AttemptHistory after(RouteDecision.Call call) {
        Attempt first = attempts.isEmpty() ? null : attempts.get(0);
        AttemptKind kind = switch (call) {
            case RouteDecision.Use use -> AttemptKind.FIRST;
            case RouteDecision.Escalate escalate -> AttemptKind.ESCALATION;
            case RouteDecision.FallBack fallBack ->
                fallBack.action() == FallbackAction.RETRY ? AttemptKind.RETRY : AttemptKind.REROUTE;
        };
        Explanation why = call.explanation();
        Attempt attempt = new Attempt(
                kind,
                call.model(),
                call.tier(),
                call.floor(),
                first == null ? why.rule() : first.rule(),
                first == null ? why.startTier() : first.startTier());
        List<Attempt> next = new ArrayList<>(attempts.size() + 1);
        next.addAll(attempts);
        next.add(attempt);
        return new AttemptHistory(next);
    }

    /** Whether no call was made yet. */
    public boolean isEmpty() {
        return attempts.isEmpty();
    }

    /**
     * The latest call.
     *
     * @throws NoSuchElementException when no call was made
     */
    public Attempt last() {
        if (attempts.isEmpty()) {
            throw new NoSuchElementException("no attempt recorded yet; record the Use decision with after() first");
        }
        return attempts.get(attempts.size() - 1);
    }

    /** Upstream calls since the step was last routed or escalated, that one included: what the attempt cap counts. */
    public int attemptsOfCurrentCall() {
        int count = 0;
        for (int i = attempts.size() - 1; i >= 0; i--) {
            count++;
            AttemptKind kind = attempts.get(i).kind();
            if (kind == AttemptKind.FIRST || kind == AttemptKind.ESCALATION) {
                break;
            }
        }
        return count;
    }

    /** Retries of the latest model in a row, at the end of the history (the backoff exponent). */
    public int retriesInARow() {
        int count = 0;
        for (int i = attempts.size() - 1; i >= 0 && attempts.get(i).kind() == AttemptKind.RETRY; i--) {
            count++;
        }
        return count;
    }

    /** Whether {@code model} was called since the step was last routed or escalated. */
    public boolean triedInCurrentCall(ModelId model) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            Attempt attempt = attempts.get(i);
            if (attempt.model().equals(model)) {
                return true;
            }
            if (attempt.kind() == AttemptKind.FIRST || attempt.kind() == AttemptKind.ESCALATION) {
                return false;
            }
        }
        return false;
    }

    /** Escalations in this step. */
    public int escalations() {
        return (int) attempts.stream()
                .filter(a -> a.kind() == AttemptKind.ESCALATION)
                .count();
    }

    /** Fallbacks (retries and reroutes) in this step. */
    public int fallbacks() {
        return (int) attempts.stream()
                .filter(a -> a.kind() == AttemptKind.RETRY || a.kind() == AttemptKind.REROUTE)
                .count();
    }
}
