/**
 * The HTTP data plane: the Anthropic Messages API served to teams' agents and proxied to Anthropic.
 *
 * <p>Map: {@link ladder.gateway.Gateway} assembles the server; {@code MessagesEndpoint} runs one client call
 * (authenticate, route, forward with only {@code model} replaced, fall back, escalate, relay the stream, record every
 * upstream attempt); {@code ErrorBoundary} is the one place that turns refusals and exceptions into an
 * Anthropic-shaped error. The narrow ports {@link ladder.gateway.Router}, {@link ladder.gateway.Pricer}, {@link
 * ladder.gateway.AttemptSink} and {@link ladder.gateway.TaskCosts} are what the gateway needs from the domain core;
 * the app adapts core's routing policy, cost calculator and ledger to them. {@link ladder.gateway.StaticRouter},
 * {@link ladder.gateway.StaticPricer} and {@link ladder.gateway.InMemoryAttempts} are small implementations for
 * tests and demos.
 */
package ladder.gateway;
