package ladder.store.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The PostgreSQL named by {@code LADDER_TEST_PG_URL}, opened as a ledger with no calls in it; skips without one. */
final class EmptyPostgresLedger {

    static final String URL = System.getenv().getOrDefault("LADDER_TEST_PG_URL", "");

    private EmptyPostgresLedger() {}

    static PostgresLedgerStore open() {
        assumeTrue(!URL.isBlank(), "LADDER_TEST_PG_URL is not set: PostgreSQL ledger tests skipped");
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
}
