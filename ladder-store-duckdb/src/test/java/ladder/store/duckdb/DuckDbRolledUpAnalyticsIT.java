package ladder.store.duckdb;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ladder.core.TaskId;
import ladder.core.ledger.CacheMisses;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.HiddenRetries;
import ladder.core.ledger.LedgerAnalytics;
import ladder.core.ledger.LedgerCursor;
import ladder.core.ledger.LedgerPage;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.ModelSeen;
import ladder.core.ledger.SpendLine;
import ladder.core.ledger.TaskCost;
import ladder.core.ledger.TaskCosts;
import ladder.core.ledger.TimeWindow;
import ladder.core.ledger.UsageQuery;
import ladder.core.ledger.UsageSums;
import ladder.testkit.LedgerAnalyticsContract;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics contract with every hour up to the one after the latest call rolled up after each append: reports
 * then read the roll-ups, and calls appended later into rolled-up hours are read raw beside them.
 */
class DuckDbRolledUpAnalyticsIT extends LedgerAnalyticsContract {

    @TempDir
    Path dir;

    private int files;

    @Override
    protected LedgerStore createStore() {
        return new RollingUp(DuckDbLedgerStore.open(dir.resolve("rolled-up-" + files++ + ".duckdb")));
    }

    /** A DuckDB store that rolls up everything appended, up to the hour after the latest call. */
    private record RollingUp(DuckDbLedgerStore store) implements LedgerStore, LedgerAnalytics {

        @Override
        public void append(List<CallRecord> records) {
            store.append(records);
            store.rollUp(Duration.ofHours(-1));
        }

        @Override
        public List<CallRecord> recordsOfTask(TaskId taskId) {
            return store.recordsOfTask(taskId);
        }

        @Override
        public TaskCost costOfTask(TaskId taskId) {
            return store.costOfTask(taskId);
        }

        @Override
        public List<TaskCost> costsOfTasksActiveSince(Instant since, int limit) {
            return store.costsOfTasksActiveSince(since, limit);
        }

        @Override
        public LedgerPage recordsBetween(TimeWindow window, LedgerCursor cursor, int limit) {
            return store.recordsBetween(window, cursor, limit);
        }

        @Override
        public List<SpendLine> spendByTeamAndProject(TimeWindow window) {
            return store.spendByTeamAndProject(window);
        }

        @Override
        public void close() {
            store.close();
        }

        @Override
        public Optional<TimeWindow> span(TimeWindow window) {
            return store.span(window);
        }

        @Override
        public TaskCosts taskCosts(TimeWindow window, List<Dimension> dimensions, int limit) {
            return store.taskCosts(window, dimensions, limit);
        }

        @Override
        public List<UsageSums> usageSums(UsageQuery query) {
            return store.usageSums(query);
        }

        @Override
        public List<CacheMisses> cacheMisses(TimeWindow window, long minCacheableTokens) {
            return store.cacheMisses(window, minCacheableTokens);
        }

        @Override
        public List<HiddenRetries> hiddenRetries(TimeWindow window, Duration within, int limit) {
            return store.hiddenRetries(window, within, limit);
        }

        @Override
        public List<ModelSeen> unpricedModels(TimeWindow window) {
            return store.unpricedModels(window);
        }

        @Override
        public List<ModelSeen> priceVersions(TimeWindow window) {
            return store.priceVersions(window);
        }
    }
}
