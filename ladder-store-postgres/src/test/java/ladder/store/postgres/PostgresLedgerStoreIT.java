package ladder.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;
import ladder.core.StoreException;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerStore;
import ladder.testkit.CallRecords;
import ladder.testkit.LedgerStoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against a real PostgreSQL named by {@code LADDER_TEST_PG_URL} (a JDBC URL with user and password). */
class PostgresLedgerStoreIT extends LedgerStoreContract {

    private static final String URL = System.getenv().getOrDefault("LADDER_TEST_PG_URL", "");

    private static final String SKIP_REASON =
            "LADDER_TEST_PG_URL is not set: PostgreSQL ledger tests skipped (.ci/run starts PostgreSQL and sets it)";

    /**
     * Drops every table the migrations create (and views over them), so the next open migrates a clean schema. Give
     * each checkout its own schema ({@code currentSchema=} in the URL) when several share one database.
     */
    static final String DROP_ALL =
            "DROP TABLE IF EXISTS ladder_calls, ladder_names, prefix_breaks, ladder_budget_holds, "
                    + "ladder_budget_reservations, ladder_budget_accounts, ladder_schema_version CASCADE";

    @BeforeAll
    static void cleanSchema() throws SQLException {
        if (URL.isBlank()) {
            System.err.println("PostgresLedgerStoreIT: " + SKIP_REASON);
            return;
        }
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement()) {
            // A clean schema for this run; migrations recreate it.
            s.execute(DROP_ALL);
        }
    }

    @Override
    protected LedgerStore createStore() {
        // Each test is reported as skipped with this reason when no database is configured.
        assumeTrue(!URL.isBlank(), SKIP_REASON);
        PostgresLedgerStore store = PostgresLedgerStore.open(URL);
        execute("TRUNCATE ladder_calls, prefix_breaks");
        return store;
    }

    @Test
    void open_twice_migratesOnce() {
        try (PostgresLedgerStore again = PostgresLedgerStore.open(URL)) {
            assertThat(queryLong("SELECT count(*) FROM ladder_schema_version"))
                    .isEqualTo(PostgresDialect.MIGRATIONS.index().size());
        }
    }

    @Test
    void open_unreachableDatabase_failsWithoutEchoingThePassword() {
        assertThatThrownBy(() -> PostgresLedgerStore.open(
                        "jdbc:postgresql://127.0.0.1:1/nowhere?user=u&password=s3cret&connectTimeout=1"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/nowhere")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void append_typicalRecords_rowsStayUnder300Bytes() {
        store.append(IntStream.range(0, 200)
                .mapToObj(i -> CallRecords.sample(i)
                        .requestId("req_01JZ" + String.format("%020d", i))
                        .taskId(ladder.core.TaskId.of("3f2b8c1e-6a4d-4e0f-9b7a-" + String.format("%012d", i % 10)))
                        .prefixFingerprints(List.of(1L, 2L, 3L, 4L))
                        .build())
                .toList());

        assertThat(queryLong("SELECT avg(pg_column_size(c.*))::BIGINT FROM ladder_calls c"))
                .isLessThanOrEqualTo(300);
    }

    @Test
    void append_unseenTeam_isInternedAndReadBack() {
        CallRecord ok = CallRecords.sample(1).team("brand-new-team").build();
        store.append(List.of(ok));

        assertThat(store.recordsOfTask(ok.taskId())).containsExactly(ok);
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static long queryLong(String sql) {
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
