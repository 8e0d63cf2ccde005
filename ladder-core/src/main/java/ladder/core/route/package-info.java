/**
 * Routing policy: which model each step uses, when it escalates, how it falls back. Pure decisions, no I/O.
 *
 * <p>Map: {@link ladder.core.route.PolicyConfig} is a loaded, valid policy (rules, step tiers, escalation,
 * fallback, access). {@link ladder.core.route.RoutingPolicy} decides from it, mapping tiers to models through the
 * {@link ladder.core.route.ModelLadder} port (the price catalog) and reserving worst-case cost through {@link
 * ladder.core.access.BudgetLedger}. {@link ladder.core.route.PolicyLint} finds legal-but-suspicious settings.
 *
 * <p>How the gateway drives it, per step (one client request):
 *
 * <pre>{@code
 * RouteRequest request = RouteRequest.builder(principal, taskId, clock.instant())
 *         .stepType("classify").inputTokens(estimate).maxTokens(body.maxTokens()).toolsPresent(hasTools).build();
 * AttemptHistory history = AttemptHistory.empty();
 * RouteDecision decision = policy.route(request);
 * while (true) {
 *     switch (decision) {
 *         case RouteDecision.Refuse refuse -> { return errorResponse(refuse); } // or pass the upstream error through
 *         case RouteDecision.Call call -> {                                  // Use, Escalate or FallBack
 *             sleeper.sleep(call.delay());
 *             history = history.after(call);
 *             Outcome outcome = upstream.send(body.withModel(call.model()));
 *             ledger.settle(call.reservation(), outcome.actualCost());     // Money.ZERO when nothing was billed
 *             if (outcome instanceof Failed failed) {
 *                 decision = policy.onFailure(request, history, failed.failure());
 *             } else if (caller reports evidence) {
 *                 decision = policy.onEscalation(request, history, reason);
 *             } else {
 *                 return outcome.response();
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Guarantees: at most {@code fallback.max-attempts} upstream calls per routed or escalated call; escalation goes
 * one tier up for that step only, never above the principal's ceiling, capped per step and per task; every hop is
 * access-checked and reserves its worst case; the same request against the same policy and ledger state always gives
 * the same decision (jitter comes from the injected {@link ladder.core.route.JitterSource}).
 */
package ladder.core.route;
