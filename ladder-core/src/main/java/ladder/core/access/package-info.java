/**
 * Who may use what, and what it may cost.
 *
 * <p>{@link ladder.core.access.AccessPolicy} maps a presented API key to a {@link ladder.core.access.Principal}
 * (team and project), and answers which tiers and models that principal may use, whether it may override a tier
 * (each override yields an {@link ladder.core.access.AuditRecord}) and which {@link ladder.core.access.Budget}s
 * apply to a call. {@link ladder.core.access.BudgetLedger} is the port that reserves worst-case cost before a call
 * and settles it to the actual cost after; {@link ladder.core.access.InMemoryBudgetLedger} is the in-process
 * implementation; the ledger stores persist budgets ({@code DuckDbBudgetLedger}, {@code PostgresBudgetLedger}).
 */
package ladder.core.access;
