package ladder.app.wiring;

import java.time.Instant;
import java.util.List;
import ladder.core.TaskId;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerCursor;
import ladder.core.ledger.LedgerPage;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.SpendLine;
import ladder.core.ledger.TaskCost;
import ladder.core.ledger.TimeWindow;

/**
 * A ledger that keeps nothing: appends are dropped and every read is empty. A benchmarking aid only ({@code ladder
 * serve --no-ledger}), so the gateway's cost can be measured with and without the real ledger in one run; the async
 * writer, pricing, metrics and task totals still run, only the store's work is skipped.
 */
final class DiscardingLedgerStore implements LedgerStore {

    @Override
    public void append(List<CallRecord> records) {
        // Dropped on purpose: see the class comment.
    }

    @Override
    public List<CallRecord> recordsOfTask(TaskId taskId) {
        return List.of();
    }

    @Override
    public TaskCost costOfTask(TaskId taskId) {
        return TaskCost.none(taskId);
    }

    @Override
    public List<TaskCost> costsOfTasksActiveSince(Instant since, int limit) {
        return List.of();
    }

    @Override
    public LedgerPage recordsBetween(TimeWindow window, LedgerCursor cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        return LedgerPage.of(List.of(), limit);
    }

    @Override
    public List<SpendLine> spendByTeamAndProject(TimeWindow window) {
        return List.of();
    }

    @Override
    public void close() {}
}
