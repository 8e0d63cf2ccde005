package ladder.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import ladder.core.Money;
import ladder.core.access.BudgetDecision;
import ladder.core.access.BudgetLedger;
import ladder.core.access.Reservation;
import ladder.testkit.BudgetLedgerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The budget ledger contract against a real PostgreSQL named by {@code LADDER_TEST_PG_URL}. */
class PostgresBudgetLedgerIT extends BudgetLedgerContract {

    static final String URL = System.getenv().getOrDefault("LADDER_TEST_PG_URL", "");
    static final String SKIP_REASON =
            "LADDER_TEST_PG_URL is not set: PostgreSQL budget tests skipped (.ci/run starts PostgreSQL and sets it)";

    private PostgresLedgerStore store;

    @BeforeAll
    static void cleanSchema() throws SQLException {
        if (URL.isBlank()) {
            System.err.println("PostgresBudgetLedgerIT: " + SKIP_REASON);
            return;
        }
        execute(PostgresLedgerStoreIT.DROP_ALL);
    }

    @Override
    protected BudgetLedger createLedger(InstantSource clock, Duration reservationTimeout) {
        // Each test is reported as skipped with this reason when no database is configured.
        assumeTrue(!URL.isBlank(), SKIP_REASON);
        store = PostgresLedgerStore.open(URL);
        truncateBudgets();
        return PostgresBudgetLedger.open(store, clock, reservationTimeout);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void twoGatewaysOnOneDatabase_shareEveryBudget() {
        try (PostgresLedgerStore otherStore = PostgresLedgerStore.open(URL)) {
            PostgresBudgetLedger other = PostgresBudgetLedger.open(otherStore, clock, TIMEOUT);
            Reservation r = reserved(ledger.reserve(List.of(TEAM, PROJECT), Money.ofUsd(3)));

            assertThat(other.reserved(PROJECT.key())).isEqualTo(Money.ofUsd(3));
            assertThat(other.reserve(List.of(PROJECT), Money.ofUsd(2))).isInstanceOf(BudgetDecision.Exhausted.class);
            other.settle(r, Money.ofUsd(1));
            ledger.settle(r, Money.ofUsd(1));

            assertThat(ledger.spent(PROJECT.key())).isEqualTo(Money.ofUsd(1));
            assertThat(other.reserve(List.of(PROJECT), Money.ofUsd(3))).isInstanceOf(BudgetDecision.Reserved.class);
        }
    }

    static void truncateBudgets() {
        execute("TRUNCATE ladder_budget_holds, ladder_budget_reservations, ladder_budget_accounts");
    }

    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
