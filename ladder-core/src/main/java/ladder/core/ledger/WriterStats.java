package ladder.core.ledger;

/**
 * A snapshot of {@link AsyncLedgerWriter}'s counters, for metrics.
 *
 * @param queueDepth records waiting in memory for their batch, not counting the batch being written
 * @param unstoredRecords records accepted but not yet stored: the queue plus the batch being written or retried
 * @param storedRecords records the sink confirmed since start
 * @param failedFlushes flush attempts that failed since start (each is retried)
 * @param rejectedRecords records refused by {@link AsyncLedgerWriter#submit} (queue full after the bounded wait, or
 *     writer closed) since start; each refusal was reported to its caller
 */
public record WriterStats(
        int queueDepth, long unstoredRecords, long storedRecords, long failedFlushes, long rejectedRecords) {}
