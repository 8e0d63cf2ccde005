package ladder.store.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import ladder.core.ledger.LedgerStore;
import ladder.testkit.PrecedentsBackfillContract;

/** PostgreSQL's precedent backfill (the UPDATEs of migration V4) against the gateway's tracker. */
class PostgresPrecedentsBackfillIT extends PrecedentsBackfillContract {

    private static final String URL = System.getenv().getOrDefault("LADDER_TEST_PG_URL", "");

    @Override
    protected LedgerStore createStore() {
        assumeTrue(!URL.isBlank(), "LADDER_TEST_PG_URL is not set: PostgreSQL backfill test skipped");
        PostgresLedgerStore store = PostgresLedgerStore.open(URL);
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE ladder_calls, prefix_breaks");
        } catch (SQLException e) {
            store.close();
            throw new IllegalStateException("cannot truncate the test tables: " + e.getMessage(), e);
        }
        return store;
    }

    @Override
    protected void backfill(LedgerStore store) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement()) {
            for (String sql : PostgresDialect.MIGRATIONS.statementsOf("V4__precedents.sql")) {
                if (sql.startsWith("UPDATE")) {
                    s.execute(sql);
                }
            }
        }
    }
}
