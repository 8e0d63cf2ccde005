/**
 * The embedded default {@link ladder.core.ledger.LedgerStore}: {@link ladder.store.duckdb.DuckDbLedgerStore} on one
 * DuckDB file, with its schema migrations ({@code db/duckdb/V*__*.sql}, applied by the runner in {@code ladder.store.jdbc}), and {@link
 * ladder.store.duckdb.DuckDbBudgetLedger}, the budget ledger kept in the same file.
 */
package ladder.store.duckdb;
