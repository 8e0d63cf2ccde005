package ladder.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerCursor;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.TimeWindow;
import ladder.testkit.PrecedentsBackfillContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's precedent backfill (also run by {@link SyntheticLedger}) against the gateway's tracker. */
class PrecedentsBackfillIT extends PrecedentsBackfillContract {

    @TempDir
    Path dir;

    @Override
    protected LedgerStore createStore() {
        return DuckDbLedgerStore.open(dir.resolve("backfill.duckdb"));
    }

    @Override
    protected void backfill(LedgerStore store) {
        ((DuckDbLedgerStore) store).generate(c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : DuckDbDialect.MIGRATIONS.statementsOf(DuckDbDialect.PRECEDENTS_BACKFILL)) {
                    s.execute(sql);
                }
            }
        });
    }

    @Test
    void generate_syntheticRecords_carryPrecedents() {
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(dir.resolve("synthetic.duckdb"))) {
            SyntheticLedger.generate(store, 4_000, 1);

            List<CallRecord> records = store.recordsBetween(
                            TimeWindow.of(SyntheticLedger.START, SyntheticLedger.START.plus(SyntheticLedger.SPAN)),
                            LedgerCursor.start(),
                            10_000)
                    .records();
            assertThat(records).hasSize(4_000);
            assertThat(records).anyMatch(r -> r.precedents().followsTaskAttempt());
            assertThat(records).anyMatch(r -> r.precedents().repeatsBody());
        }
    }
}
