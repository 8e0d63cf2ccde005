package ladder.core.ledger;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import ladder.core.TaskId;

/**
 * Persists call records and answers the questions reports and budgets ask. A store is a {@link LedgerSink}: {@link
 * #append} commits a batch atomically. Implementations are thread-safe. Every method throws {@link
 * ladder.core.StoreException} (with the driver's exception as cause) when the store cannot be reached or read.
 *
 * <p>Order: wherever records come back in order it is {@link LedgerCursor.RecordKey} order (time, then request id,
 * then attempt index), which is a total order because {@code (requestId, attempt index)} is unique per record.
 */
public interface LedgerStore extends LedgerSink, AutoCloseable {

    /**
     * Appends {@code records} in one transaction: all are stored or none. Duplicates are not detected; the writer
     * never sends a committed batch twice.
     *
     * @throws ladder.core.StoreException when the batch could not be committed (nothing of it is stored)
     */
    @Override
    void append(List<CallRecord> records);

    /**
     * Every record of {@code taskId}, in key order (oldest first).
     *
     * @return the records, empty when the task is unknown
     * @throws ladder.core.StoreException when the store cannot be read
     */
    List<CallRecord> recordsOfTask(TaskId taskId);

    /**
     * The cost of {@code taskId}: the exact sum of its priced attempts plus the counts of attempts and unpriced
     * attempts.
     *
     * @return the cost; {@link TaskCost#none} when the task is unknown
     * @throws ladder.core.StoreException when the store cannot be read
     */
    TaskCost costOfTask(TaskId taskId);

    /**
     * The cost of each task with an attempt at or after {@code since}, summed over all its attempts (those before
     * {@code since} included): the {@code limit} most recently active tasks, most recent first. A gateway starting
     * over an existing ledger reads it once, so the running cost of a task it served before a restart carries on.
     *
     * @param since the earliest last attempt a task may have to be listed
     * @param limit the most tasks to return, {@code >= 1}
     * @throws IllegalArgumentException when {@code limit < 1}
     * @throws ladder.core.StoreException when the store cannot be read
     */
    List<TaskCost> costsOfTasksActiveSince(Instant since, int limit);

    /**
     * One page of the records whose time lies in {@code window}, in key order, starting after {@code cursor}.
     *
     * @param window the half-open time range
     * @param cursor {@link LedgerCursor#start()} for the first page, else the {@code next} of the previous page
     * @param limit the most records to return, {@code >= 1}
     * @return the page; {@code hasMore} is false once the window is exhausted
     * @throws IllegalArgumentException when {@code limit < 1}
     * @throws ladder.core.StoreException when the store cannot be read
     */
    LedgerPage recordsBetween(TimeWindow window, LedgerCursor cursor, int limit);

    /**
     * Calls {@code action} with every record of {@code window}, in key order, reading {@code pageSize} at a time so
     * memory stays bounded.
     *
     * @throws ladder.core.StoreException when the store cannot be read (records already passed stay passed)
     */
    default void forEachBetween(TimeWindow window, int pageSize, Consumer<CallRecord> action) {
        LedgerCursor cursor = LedgerCursor.start();
        while (true) {
            LedgerPage page = recordsBetween(window, cursor, pageSize);
            page.records().forEach(action);
            if (!page.hasMore()) {
                return;
            }
            cursor = page.next();
        }
    }

    /**
     * Spend per team and project of the records whose time lies in {@code window}.
     *
     * @return one line per (team, project) with at least one attempt, ordered by team then project; empty when the
     *     window holds no record
     * @throws ladder.core.StoreException when the store cannot be read
     */
    List<SpendLine> spendByTeamAndProject(TimeWindow window);

    /**
     * Releases the store's connections or files. Idempotent.
     *
     * @throws ladder.core.StoreException when closing fails
     */
    @Override
    void close();
}
