package ladder.store.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import ladder.core.ledger.LedgerStore;
import ladder.testkit.LedgerAnalyticsContract;

/** The analytics contract against a real PostgreSQL named by {@code LADDER_TEST_PG_URL}. */
class PostgresLedgerAnalyticsIT extends LedgerAnalyticsContract {

    private static final String URL = System.getenv().getOrDefault("LADDER_TEST_PG_URL", "");

    @Override
    protected LedgerStore createStore() {
        assumeTrue(!URL.isBlank(), "LADDER_TEST_PG_URL is not set: PostgreSQL analytics tests skipped");
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
