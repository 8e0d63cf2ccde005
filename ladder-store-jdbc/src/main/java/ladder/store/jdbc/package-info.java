/**
 * What the SQL ledger stores ({@code ladder-store-duckdb}, {@code ladder-store-postgres}) share, so each keeps only
 * what its engine does differently: the schema {@link ladder.store.jdbc.Migrations} runner (each engine supplies its
 * resource folder and hooks, such as PostgreSQL's advisory lock), the integer {@link ladder.store.jdbc.Codes} the
 * schema stores for enums, the {@link ladder.store.jdbc.Dialect} hooks for timestamps, the SQL that reads the same in
 * both engines ({@link ladder.store.jdbc.LedgerSql}) and the mapping of result rows to core types ({@link
 * ladder.store.jdbc.LedgerRows}, {@link ladder.store.jdbc.BudgetSql}).
 *
 * <p>This is support for adapters, not an adapter: it implements no port, depends on core and {@code java.sql} only
 * (no driver), and only store modules depend on it. That is how two adapters share code without depending on each
 * other.
 */
package ladder.store.jdbc;
