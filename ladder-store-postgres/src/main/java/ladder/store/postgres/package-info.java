/**
 * The shared-deployment {@link ladder.core.ledger.LedgerStore}: {@link ladder.store.postgres.PostgresLedgerStore} on
 * PostgreSQL through a HikariCP pool, with its schema migrations ({@code db/postgres/V*__*.sql}, applied by the
 * {@code ladder.store.jdbc} runner under an advisory lock) and the {@code ladder_names} string dictionary; and {@link
 * ladder.store.postgres.PostgresBudgetLedger}, the budget ledger in the same database, atomic across gateways.
 */
package ladder.store.postgres;
