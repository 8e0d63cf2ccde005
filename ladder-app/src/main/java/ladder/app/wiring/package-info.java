/**
 * The one place that wires core to its adapters: the gateway's ports ({@code Router}, {@code Pricer},
 * {@code AttemptSink}, {@code TaskCosts}) implemented over core's routing policy, price catalog, budget ledger and
 * call ledger, and the running assembly ({@link ladder.app.wiring.LadderRuntime}) that {@code serve} and
 * {@code demo} start.
 */
package ladder.app.wiring;
