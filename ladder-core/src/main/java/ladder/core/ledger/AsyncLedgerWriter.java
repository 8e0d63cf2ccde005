package ladder.core.ledger;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import ladder.core.Sleeper;

/**
 * Takes call records off the request path: {@link #submit} queues a record in memory and returns; one writer thread
 * appends them to a {@link LedgerSink} in batches.
 *
 * <ul>
 *   <li>Batching: a batch is flushed as soon as it holds {@code batchSize} records, or {@code flushInterval} after
 *       the writer started waiting for it, whichever comes first.
 *   <li>Back-pressure: the queue is bounded; {@code submit} on a full queue blocks up to {@code maxProducerWait},
 *       then returns {@link Submission.Rejected} and counts the record. Nothing is dropped silently.
 *   <li>Outage: a failed flush keeps its batch and retries it with exponential backoff (via the injected {@link
 *       Sleeper}); records keep queueing behind it until the queue is full. Counters in {@link #stats()}; one
 *       warning when an outage starts and one line when it ends.
 *   <li>Shutdown: {@link #close()} refuses new records, flushes everything queued, and retries a down sink for at
 *       most {@code closeTimeout} of backoff before it logs how many records were not stored.
 * </ul>
 *
 * <p>A crash (kill -9, power loss) loses what is in memory: while the sink is up, at most one flush interval of
 * records (plus the batch being committed); during an outage, everything not yet stored.
 */
public final class AsyncLedgerWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AsyncLedgerWriter.class.getName());

    private final LedgerSink sink;
    private final LedgerWriterConfig config;
    private final Sleeper sleeper;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<CallRecord> queue = new ArrayDeque<>();
    // Guarded by lock.
    private boolean closing;
    private int inFlight;
    private long stored;
    private long failedFlushes;
    private long rejected;

    private AsyncLedgerWriter(LedgerSink sink, LedgerWriterConfig config, Sleeper sleeper) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.config = Objects.requireNonNull(config, "config");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.thread =
                Thread.ofPlatform().name("ladder-ledger-writer").daemon(true).unstarted(this::run);
    }

    /**
     * Starts a writer thread appending to {@code sink}.
     *
     * @param sink where batches go; called from the writer thread only
     * @param config batching, back-pressure and retry settings
     * @param sleeper waits between retries ({@link Sleeper#system()} in production)
     */
    public static AsyncLedgerWriter start(LedgerSink sink, LedgerWriterConfig config, Sleeper sleeper) {
        AsyncLedgerWriter writer = new AsyncLedgerWriter(sink, config, sleeper);
        writer.thread.start();
        return writer;
    }

    /**
     * Queues {@code record} for writing. Returns at once while the queue has room; on a full queue blocks up to
     * {@code maxProducerWait} for room.
     *
     * @return {@link Submission.Accepted}, or {@link Submission.Rejected} when the queue stayed full, the writer is
     *     closed, or the caller was interrupted (its interrupt flag is then set again)
     */
    public Submission submit(CallRecord record) {
        Objects.requireNonNull(record, "record");
        lock.lock();
        try {
            long nanos = config.maxProducerWait().toNanos();
            while (queue.size() >= config.queueCapacity() && !closing) {
                if (nanos <= 0) {
                    return reject("ledger queue full (" + config.queueCapacity() + " records) after waiting "
                            + config.maxProducerWait().toMillis() + "ms; the store is slow or down");
                }
                try {
                    nanos = notFull.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return reject("interrupted while waiting for room in the ledger queue");
                }
            }
            if (closing) {
                return reject("ledger writer is closed");
            }
            queue.addLast(record);
            // Wake the writer when the queue stops being empty (its interval starts) and when a batch is full.
            if (queue.size() == 1 || queue.size() >= config.batchSize()) {
                ready.signal();
            }
            return Submission.Accepted.INSTANCE;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of the counters. */
    public WriterStats stats() {
        lock.lock();
        try {
            return new WriterStats(queue.size(), (long) queue.size() + inFlight, stored, failedFlushes, rejected);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new records, flushes every queued record and stops the writer thread. When the sink stays down, gives
     * up after {@code closeTimeout} of retry backoff and logs how many records were not stored (see {@link
     * #stats()}). Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            ready.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WriterStats stats = stats();
        if (stats.unstoredRecords() > 0) {
            LOG.log(
                    Level.ERROR,
                    "ledger writer closed with {0} records not stored: the ledger store stayed unavailable",
                    stats.unstoredRecords());
        }
    }

    private Submission reject(String reason) {
        rejected++;
        if (rejected == 1 || rejected % 1_000 == 0) {
            LOG.log(Level.WARNING, "ledger record rejected ({0} so far): {1}", rejected, reason);
        }
        return new Submission.Rejected(reason);
    }

    private void run() {
        List<CallRecord> batch = new ArrayList<>(config.batchSize());
        while (takeBatch(batch)) {
            if (!flush(batch)) {
                return;
            }
            batch.clear();
        }
    }

    /** Waits for a batch and moves it into {@code batch}; false when closing and nothing is left. */
    private boolean takeBatch(List<CallRecord> batch) {
        lock.lock();
        try {
            while (queue.isEmpty() && !closing) {
                ready.awaitUninterruptibly();
            }
            long nanos = config.flushInterval().toNanos();
            while (queue.size() < config.batchSize() && !closing && nanos > 0) {
                nanos = ready.awaitNanos(nanos);
            }
            if (queue.isEmpty()) {
                return false;
            }
            int n = Math.min(queue.size(), config.batchSize());
            for (int i = 0; i < n; i++) {
                batch.add(queue.removeFirst());
            }
            inFlight = n;
            notFull.signalAll();
            return true;
        } catch (InterruptedException e) {
            // Nobody interrupts this private thread; if something does, treat it as a request to finish.
            Thread.currentThread().interrupt();
            closing = true;
            return !queue.isEmpty() || !batch.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Appends {@code batch} until it sticks; false when closing gave up on a down sink. */
    private boolean flush(List<CallRecord> batch) {
        Duration backoff = config.initialBackoff();
        Duration waitedWhileClosing = Duration.ZERO;
        int failures = 0;
        while (true) {
            try {
                sink.append(batch);
                recordStored(batch.size());
                if (failures > 0) {
                    LOG.log(
                            Level.INFO,
                            "ledger store available again after {0} failed flushes; stored {1} records",
                            failures,
                            batch.size());
                }
                return true;
            } catch (RuntimeException e) {
                // Any failure keeps the batch: a StoreException is an outage, anything else a bug in the sink;
                // neither may lose records.
                failures++;
                boolean closingNow = recordFailure();
                if (failures == 1) {
                    LOG.log(
                            Level.WARNING,
                            "ledger store unavailable; keeping {0} records and retrying with backoff: {1}",
                            batch.size(),
                            e.getMessage());
                }
                if (closingNow && waitedWhileClosing.compareTo(config.closeTimeout()) >= 0) {
                    return false;
                }
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (closingNow) {
                    waitedWhileClosing = waitedWhileClosing.plus(backoff);
                }
                backoff = min(backoff.multipliedBy(2), config.maxBackoff());
            }
        }
    }

    private void recordStored(int n) {
        lock.lock();
        try {
            stored += n;
            inFlight = 0;
        } finally {
            lock.unlock();
        }
    }

    private boolean recordFailure() {
        lock.lock();
        try {
            failedFlushes++;
            return closing;
        } finally {
            lock.unlock();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
