package ladder.store.duckdb;

import java.nio.file.Path;
import ladder.core.ledger.LedgerStore;
import ladder.testkit.LedgerAnalyticsContract;
import org.junit.jupiter.api.io.TempDir;

class DuckDbLedgerAnalyticsIT extends LedgerAnalyticsContract {

    @TempDir
    Path dir;

    private int files;

    @Override
    protected LedgerStore createStore() {
        return DuckDbLedgerStore.open(dir.resolve("analytics-" + files++ + ".duckdb"));
    }
}
