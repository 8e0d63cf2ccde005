package ladder.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import ladder.core.ledger.LedgerStore;
import ladder.testkit.PrecedentsBackfillContract;

/** PostgreSQL's precedent backfill (the UPDATEs of migration V4) against the gateway's tracker. */
class PostgresPrecedentsBackfillIT extends PrecedentsBackfillContract {

    @Override
    protected LedgerStore createStore() {
        return EmptyPostgresLedger.open();
    }

    @Override
    protected void backfill(LedgerStore store) throws SQLException {
        try (Connection c = DriverManager.getConnection(EmptyPostgresLedger.URL);
                Statement s = c.createStatement()) {
            for (String sql : PostgresDialect.MIGRATIONS.statementsOf("V4__precedents.sql")) {
                if (sql.startsWith("UPDATE")) {
                    s.execute(sql);
                }
            }
        }
    }
}
