package ladder.store.postgres;

import ladder.core.ledger.LedgerStore;
import ladder.testkit.LedgerAnalyticsContract;

/** The analytics contract against a real PostgreSQL named by {@code LADDER_TEST_PG_URL}. */
class PostgresLedgerAnalyticsIT extends LedgerAnalyticsContract {

    @Override
    protected LedgerStore createStore() {
        return EmptyPostgresLedger.open();
    }
}
