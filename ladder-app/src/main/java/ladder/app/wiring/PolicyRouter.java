package ladder.app.wiring;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ladder.core.Money;
import ladder.core.Tier;
import ladder.core.access.BudgetLedger;
import ladder.core.access.Principal;
import ladder.core.access.Reservation;
import ladder.core.route.AttemptHistory;
import ladder.core.route.EscalationReason;
import ladder.core.route.FailureClass;
import ladder.core.route.FallbackAction;
import ladder.core.route.ModelLadder;
import ladder.core.route.RouteDecision;
import ladder.core.route.RouteRequest;
import ladder.core.route.RoutingPolicy;
import ladder.core.route.StepType;
import ladder.core.route.TierOverride;
import ladder.gateway.CallContext;
import ladder.gateway.ClientAsk;
import ladder.gateway.RoutedAttempt;
import ladder.gateway.Router;
import ladder.gateway.UpstreamFailure;

/**
 * The gateway's {@link Router} over core's {@link RoutingPolicy}. It keeps what a single decision cannot know: the
 * attempt history of each call in flight, the failures and escalations so far in each task, and the budget
 * reservation of each attempt until the attempt's actual cost settles it ({@link #settle}).
 */
final class PolicyRouter implements Router {

    /** Tasks whose counters are remembered; older tasks are forgotten first (counts restart, caps stay per call). */
    static final int MAX_TRACKED_TASKS = 100_000;

    /** A call still unfinished after this long is forgotten; longer than any upstream timeout. */
    static final java.time.Duration FORGET_AFTER = java.time.Duration.ofMinutes(30);

    static final int SWEEP_EVERY = 4096;

    private final java.util.concurrent.atomic.AtomicLong routed = new java.util.concurrent.atomic.AtomicLong();

    private final RoutingPolicy policy;
    private final ModelLadder modelLadder;
    private final BudgetLedger budgets;
    private final InstantSource clock;
    private final Map<String, CallState> calls = new ConcurrentHashMap<>();
    private final BoundedTaskCounters tasks = new BoundedTaskCounters(MAX_TRACKED_TASKS);

    PolicyRouter(RoutingPolicy policy, ModelLadder ladder, BudgetLedger budgets, InstantSource clock) {
        this.policy = policy;
        this.modelLadder = ladder;
        this.budgets = budgets;
        this.clock = clock;
    }

    @Override
    public ladder.gateway.RouteDecision route(CallContext call) {
        if (routed.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep();
        }
        RouteRequest request = request(call);
        CallState state = new CallState(request);
        calls.put(call.requestId(), state);
        RouteDecision first = policy.route(request);
        if (call.ask() instanceof ClientAsk.Escalate ask && first instanceof RouteDecision.Use use) {
            // The client reports that this step failed before: start one tier above where routing would start.
            release(use.reservation());
            state.history = state.history.after(use);
            RouteDecision escalated = policy.onEscalation(request, state.history, escalationReason(ask.reason()));
            return accept(call, state, escalated, 0);
        }
        return accept(call, state, first, 0);
    }

    @Override
    public ladder.gateway.RouteDecision onFailure(
            CallContext call, List<RoutedAttempt> attempts, UpstreamFailure failure) {
        CallState state = state(call);
        tasks.failed(call.taskId().value());
        RouteDecision next = policy.onFailure(state.request, state.history, coreFailure(failure));
        return accept(call, state, next, attempts.size());
    }

    @Override
    public ladder.gateway.RouteDecision onInvalidAnswer(CallContext call, List<RoutedAttempt> attempts, String reason) {
        CallState state = state(call);
        tasks.failed(call.taskId().value());
        EscalationReason why = reason.toLowerCase(Locale.ROOT).contains("max_tokens")
                ? EscalationReason.MAX_TOKENS
                : EscalationReason.VALIDATION_FAILED;
        RouteDecision next = policy.onEscalation(state.request, state.history, why);
        return accept(call, state, next, attempts.size());
    }

    @Override
    public List<String> offerings(String team, String project) {
        Principal principal = Principal.of(team, project);
        List<String> out = new ArrayList<>();
        out.add("ladder:auto");
        policy.config().steps().keySet().stream().map(StepType::id).sorted().forEach(step -> out.add("ladder:" + step));
        for (Tier tier : Tier.values()) {
            modelLadder
                    .modelFor(tier, clock.instant())
                    .filter(model -> policy.access().authorize(principal, tier, model)
                            instanceof ladder.core.access.AccessDecision.Allow)
                    .ifPresent(model -> out.add(model.value()));
        }
        return out;
    }

    /**
     * Settles the reservation made for attempt {@code attemptIndex} of call {@code requestId} at {@code actual};
     * called once per recorded attempt. A call whose last attempt settled is forgotten.
     */
    void settle(String requestId, int attemptIndex, Money actual) {
        CallState state = calls.get(requestId);
        Reservation reservation = state == null ? null : state.held.remove(attemptIndex);
        if (reservation != null) {
            budgets.settle(reservation, actual);
        }
    }

    @Override
    public void finished(CallContext call) {
        CallState state = calls.remove(call.requestId());
        if (state != null) {
            state.releaseAll(this::release);
        }
    }

    /**
     * Forgets calls older than {@link #FORGET_AFTER} and releases reservations no attempt record settled (a call
     * cut off mid-way), so neither memory nor budget leaks. Runs every {@link #SWEEP_EVERY} calls.
     */
    private void sweep() {
        java.time.Instant cutoff = clock.instant().minus(FORGET_AFTER);
        calls.entrySet().removeIf(entry -> {
            if (entry.getValue().request.at().isAfter(cutoff)) {
                return false;
            }
            entry.getValue().releaseAll(this::release);
            return true;
        });
    }

    private ladder.gateway.RouteDecision accept(CallContext call, CallState state, RouteDecision decision, int index) {
        return switch (decision) {
            case RouteDecision.Use use -> {
                hold(state, use, index);
                // The explanation only becomes an attempt's reason after a failure (index > 0); the first
                // attempt sends just the rule name, so the sentence is not joined on the hot path.
                yield new ladder.gateway.RouteDecision.Use(
                        use.model(), use.tier(), use.explanation().rule(), index == 0 ? "" : explain(use));
            }
            case RouteDecision.Escalate escalate -> {
                hold(state, escalate, index);
                tasks.escalated(call.taskId().value());
                yield new ladder.gateway.RouteDecision.Escalate(
                        escalate.model(), escalate.tier(), escalate.reason().id());
            }
            case RouteDecision.FallBack fallBack -> {
                hold(state, fallBack, index);
                String reason = fallBack.failure().kind().id();
                yield fallBack.action() == FallbackAction.RETRY
                        ? new ladder.gateway.RouteDecision.Retry(
                                fallBack.model(), fallBack.tier(), fallBack.delay(), reason)
                        : new ladder.gateway.RouteDecision.FallBack(fallBack.model(), fallBack.tier(), reason);
            }
            case RouteDecision.Refuse refuse -> refusal(call, index, refuse);
        };
    }

    private void hold(CallState state, RouteDecision.Call decision, int index) {
        state.history = state.history.after(decision);
        if (!decision.reservation().isNone()) {
            state.held.put(index, decision.reservation());
        }
    }

    private ladder.gateway.RouteDecision refusal(CallContext call, int index, RouteDecision.Refuse refuse) {
        if (index > 0) {
            // After at least one attempt, a refusal means: stop and hand the last answer to the client.
            return switch (refuse.code()) {
                case BUDGET_EXHAUSTED ->
                    new ladder.gateway.RouteDecision.Refuse(
                            ladder.gateway.RouteDecision.Refuse.Kind.BUDGET, refuse.message());
                default -> new ladder.gateway.RouteDecision.GiveUp(refuse.message());
            };
        }
        calls.remove(call.requestId());
        ladder.gateway.RouteDecision.Refuse.Kind kind = switch (refuse.code()) {
            case BUDGET_EXHAUSTED -> ladder.gateway.RouteDecision.Refuse.Kind.BUDGET;
            case ACCESS_DENIED, REQUESTED_MODEL_DENIED, OVERRIDE_DENIED, ESCALATION_NOT_ALLOWED ->
                ladder.gateway.RouteDecision.Refuse.Kind.PERMISSION;
            case UNKNOWN_MODEL, NO_MODEL_FOR_TIER, UNPRICED_MODEL ->
                ladder.gateway.RouteDecision.Refuse.Kind.UNKNOWN_ROUTE;
            case NOT_RETRYABLE, ATTEMPTS_EXHAUSTED, ESCALATION_CAP_REACHED ->
                ladder.gateway.RouteDecision.Refuse.Kind.CAP_REACHED;
        };
        return new ladder.gateway.RouteDecision.Refuse(kind, refuse.message());
    }

    private RouteRequest request(CallContext call) {
        RouteRequest.Builder builder = RouteRequest.builder(
                        Principal.of(call.team(), call.project()), call.taskId(), clock.instant())
                .inputTokens(call.estimatedInputTokens())
                .maxTokens(Math.max(1, call.maxTokens()))
                .toolsPresent(call.toolsPresent())
                .failuresInTask(tasks.failures(call.taskId().value()))
                .escalationsInTask(tasks.escalations(call.taskId().value()));
        if (!call.step().isEmpty()) {
            builder.stepType(call.step());
        }
        if (!call.isRouteName()) {
            builder.requestedModel(call.requestedModel());
        }
        if (call.ask() instanceof ClientAsk.Override override) {
            builder.override(new TierOverride(override.tier(), override.reason()));
        }
        return builder.build();
    }

    private CallState state(CallContext call) {
        return calls.computeIfAbsent(call.requestId(), id -> new CallState(request(call)));
    }

    private void release(Reservation reservation) {
        if (!reservation.isNone()) {
            budgets.settle(reservation, Money.ZERO);
        }
    }

    private static String explain(RouteDecision.Use use) {
        return String.join("; ", use.explanation().lines());
    }

    private static EscalationReason escalationReason(String text) {
        try {
            return EscalationReason.parse(text);
        } catch (IllegalArgumentException unknown) {
            // The client asked for a harder tier with its own words: the step failed its check.
            return EscalationReason.VALIDATION_FAILED;
        }
    }

    static ladder.core.route.UpstreamFailure coreFailure(UpstreamFailure failure) {
        return switch (failure.cause()) {
            case TIMEOUT -> ladder.core.route.UpstreamFailure.timeout();
            case CONNECTION, STREAM_CUT -> ladder.core.route.UpstreamFailure.connectionFailed();
            case STREAM_ERROR_EVENT ->
                new ladder.core.route.UpstreamFailure(
                        failure.isOverloaded() ? FailureClass.OVERLOADED : FailureClass.SERVER_ERROR,
                        failure.isOverloaded() ? 529 : 500,
                        failure.retryAfter());
            case HTTP_STATUS -> {
                ladder.core.route.UpstreamFailure parsed = ladder.core.route.UpstreamFailure.ofStatus(failure.status());
                yield new ladder.core.route.UpstreamFailure(parsed.kind(), parsed.status(), failure.retryAfter());
            }
        };
    }

    /**
     * The state of one call in flight: its history (only its own request thread touches it) and the reservation each
     * attempt holds until its record settles it (the sweep may release them from another thread).
     */
    private static final class CallState {
        final RouteRequest request;
        final Map<Integer, Reservation> held = new ConcurrentHashMap<>();
        AttemptHistory history = AttemptHistory.empty();

        /** Releases every reservation still held; each one is removed first, so a concurrent settle wins once. */
        // held is a ConcurrentHashMap: its iterator is weakly consistent, so removing while iterating is safe.
        @SuppressWarnings("ModifyCollectionInEnhancedForLoop")
        void releaseAll(java.util.function.Consumer<Reservation> release) {
            for (Integer index : held.keySet()) {
                Reservation reservation = held.remove(index);
                if (reservation != null) {
                    release.accept(reservation);
                }
            }
        }

        CallState(RouteRequest request) {
            this.request = request;
        }
    }
}
