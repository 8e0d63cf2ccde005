package ladder.app.wiring;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import ladder.core.Money;
import ladder.core.StoreException;
import ladder.core.TaskId;
import ladder.core.ledger.AsyncLedgerWriter;
import ladder.core.ledger.Attempt;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.PrecedentTracker;
import ladder.core.ledger.PrefixBreak;
import ladder.core.ledger.Submission;
import ladder.core.ledger.TaskCost;
import ladder.core.prefix.PrefixObservation;
import ladder.core.prefix.PrefixTracker;
import ladder.gateway.AttemptRecord;
import ladder.gateway.AttemptSink;
import ladder.gateway.TaskCosts;

/**
 * Turns each upstream attempt into a ledger {@link CallRecord} (priced with the version in force), queues it on the
 * asynchronous writer, settles the attempt's budget reservation, and keeps a running cost per task so the
 * {@code x-ladder-task-cost-usd} header needs no database read on the request path.
 */
final class LedgerAttempts implements AttemptSink, TaskCosts, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("ladder.ledger");

    /**
     * Tasks whose running total is kept in memory (least recently used dropped first); the total of a task not among
     * them starts again from zero, so the header undercounts it, while `ladder report` reads the store.
     */
    static final int MAX_CACHED_TASKS = 200_000;

    /**
     * How far back a starting gateway looks for tasks to resume: the running total of a task with an attempt in the
     * last day carries on across a restart ({@link #resumeTaskTotals}); an older task starts again from zero.
     */
    static final Duration RESUMED_TASKS_WINDOW = Duration.ofDays(1);

    /** Attempts waiting for prefix analysis; beyond it the request thread does the work itself (back-pressure). */
    static final int ANALYZER_QUEUE = 50_000;

    private final AsyncLedgerWriter writer;
    private final LedgerStore store;
    private final CatalogPricer pricer;
    private final PolicyRouter router;
    private final LadderMetrics metrics;
    private final GenAiSpans spans;
    private final PrefixTracker prefixes = new PrefixTracker();
    // Written with each attempt so the findings read one row instead of ordering the ledger per task and per body.
    private final PrecedentTracker precedents = new PrecedentTracker();
    /**
     * While busy, the analyzer polls its queue this often instead of being woken per attempt: handing each attempt to
     * a parked platform thread cost a wake-up (a system call on each side) per request.
     */
    static final long ANALYZER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /**
     * Empty polls after which the analyzer parks until an attempt wakes it (about 20 ms idle): polling pays off under
     * steady traffic, a wake-up per attempt is cheaper when calls are sparse.
     */
    static final int ANALYZER_IDLE_POLLS = 4;

    private final ConcurrentLinkedQueue<Runnable> analyzerQueue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger analyzerQueued = new AtomicInteger();
    private volatile boolean analyzerAsleep;
    private volatile boolean closing;
    private final Thread analyzer =
            Thread.ofPlatform().name("ladder-ledger-analyzer").daemon().unstarted(this::analyze);
    private final AtomicLong rejected = new AtomicLong();
    private final Map<String, Money> taskTotals = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Money> eldest) {
            return size() > MAX_CACHED_TASKS;
        }
    };

    LedgerAttempts(
            AsyncLedgerWriter writer,
            LedgerStore store,
            CatalogPricer pricer,
            PolicyRouter router,
            LadderMetrics metrics,
            GenAiSpans spans) {
        this.writer = writer;
        this.store = store;
        this.pricer = pricer;
        this.router = router;
        this.metrics = metrics;
        this.spans = spans;
        analyzer.start();
    }

    @Override
    public void append(AttemptRecord attempt) {
        CallCost cost = pricer.callCost(attempt.model(), attempt.usage(), attempt.batch(), attempt.at());
        Money amount = cost.amountOrZero();
        // Money first, on the request thread: the budget settles and the task total moves before the answer leaves.
        router.settle(attempt.requestId(), attempt.attemptIndex(), amount);
        addToTask(attempt.taskId(), amount);
        // Prefix analysis, metrics, spans and queueing run on one analyzer thread, in arrival order (the prefix
        // tracker compares each call with the task's previous one). A full analyzer queue runs the work inline.
        hand(() -> record(attempt, cost));
    }

    /** Queues work for the analyzer, waking it only when it sleeps; a full queue runs the work here. */
    private void hand(Runnable work) {
        if (closing) {
            work.run();
            return;
        }
        if (analyzerQueued.incrementAndGet() > ANALYZER_QUEUE) {
            analyzerQueued.decrementAndGet();
            work.run();
            return;
        }
        analyzerQueue.offer(work);
        // Volatile write (offer) then volatile read here, volatile write of the flag then a queue read there: one of
        // the two sides sees the other, so no attempt waits for a sleeping analyzer.
        if (analyzerAsleep) {
            LockSupport.unpark(analyzer);
        }
    }

    private void analyze() {
        int idlePolls = 0;
        while (true) {
            Runnable work = analyzerQueue.poll();
            if (work != null) {
                analyzerQueued.decrementAndGet();
                idlePolls = 0;
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "ledger analyzer failed on one attempt: " + e, e);
                }
                continue;
            }
            if (closing) {
                return;
            }
            if (idlePolls < ANALYZER_IDLE_POLLS) {
                idlePolls++;
                LockSupport.parkNanos(this, ANALYZER_POLL_NANOS);
                continue;
            }
            analyzerAsleep = true;
            if (analyzerQueue.isEmpty() && !closing) {
                LockSupport.park(this);
            }
            analyzerAsleep = false;
            idlePolls = 0;
        }
    }

    private void record(AttemptRecord attempt, CallCost cost) {
        List<Long> fingerprints = List.of();
        List<PrefixBreak> breaks = List.of();
        if (attempt.requestBody().length > 0) {
            PrefixObservation seen = prefixes.observe(attempt.taskId(), attempt.requestBody());
            fingerprints = seen.fingerprints();
            breaks = seen.breaks();
        }
        CallRecord record = CallRecord.builder()
                .time(attempt.at())
                .requestId(attempt.requestId())
                .taskId(attempt.taskId())
                .step(attempt.step())
                .team(attempt.team())
                .project(attempt.project())
                .keyId(attempt.keyId())
                .requestedModel(attempt.requestedModel())
                .routedModel(attempt.model())
                .tier(attempt.tier())
                .attempt(Attempt.of(attempt.attemptIndex(), kind(attempt.kind()), attempt.reason()))
                .httpStatus(attempt.status())
                .usage(attempt.usage())
                .cost(cost)
                .timeToFirstByteMicros(Math.min(attempt.firstByteMicros(), attempt.latencyMicros()))
                .latencyMicros(attempt.latencyMicros())
                .stream(attempt.stream())
                .batch(attempt.batch())
                .prefixFingerprints(fingerprints)
                .prefixBreaks(breaks)
                .inputBytes(attempt.inputBytes())
                .outputBytes(attempt.outputBytes())
                .bodyHash(attempt.bodyHash())
                .latencyTolerant(attempt.latencyTolerant())
                .build();
        record = precedents.annotate(record);
        metrics.attempt(record);
        spans.attempt(record);
        switch (writer.submit(record)) {
            case Submission.Accepted accepted -> {}
            case Submission.Rejected refused -> {
                rejected.incrementAndGet();
                // Never silent: the record's identity and cost go to the log so the spend can be reconciled.
                LOG.log(
                        Level.ERROR,
                        "ledger record not stored: {0}; request_id={1} task_id={2} attempt={3} cost_nanos={4}",
                        refused.reason(),
                        attempt.requestId(),
                        attempt.taskId().value(),
                        attempt.attemptIndex(),
                        cost.amountOrZero().nanos());
            }
        }
    }

    /** Finishes every attempt handed over so far (their records reach the writer), then stops the analyzer. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(analyzer);
        try {
            analyzer.join(TimeUnit.MINUTES.toMillis(1));
            if (analyzer.isAlive()) {
                LOG.log(Level.ERROR, "ledger analyzer did not drain within a minute; records may be missing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // An attempt handed over while the analyzer was stopping is finished here, so none is dropped.
        if (!analyzer.isAlive()) {
            for (Runnable work; (work = analyzerQueue.poll()) != null; ) {
                work.run();
            }
        }
    }

    /**
     * Seeds the running totals with the tasks of the store active in the {@link #RESUMED_TASKS_WINDOW} before {@code
     * now}, so {@code x-ladder-task-cost-usd} counts what a task cost before a restart. Called once, before the gateway
     * serves: the totals read replace, never add to, what is in memory. A store that cannot be read leaves the totals
     * as they are and is logged; the gateway serves anyway, since its own attempts are still written.
     */
    void resumeTaskTotals(Instant now) {
        long started = System.nanoTime();
        List<TaskCost> recent;
        try {
            recent = store.costsOfTasksActiveSince(now.minus(RESUMED_TASKS_WINDOW), MAX_CACHED_TASKS);
        } catch (StoreException e) {
            LOG.log(
                    Level.WARNING,
                    "cannot read the running cost of recent tasks from the ledger; x-ladder-task-cost-usd counts "
                            + "from zero for tasks begun before this start: " + e.getMessage());
            return;
        }
        synchronized (taskTotals) {
            // Least recent first, so the least recently used order drops the oldest tasks first.
            for (TaskCost task : recent.reversed()) {
                taskTotals.put(task.taskId().value(), task.total());
            }
        }
        LOG.log(
                Level.INFO,
                "resumed the running cost of {0} tasks active in the last {1} hours ({2} ms)",
                recent.size(),
                RESUMED_TASKS_WINDOW.toHours(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public Money costOf(TaskId task) {
        synchronized (taskTotals) {
            Money known = taskTotals.get(task.value());
            if (known != null) {
                return known;
            }
        }
        return Money.ZERO;
    }

    @Override
    public boolean recorded(TaskId task) {
        synchronized (taskTotals) {
            if (taskTotals.containsKey(task.value())) {
                return true;
            }
        }
        return store.costOfTask(task).attempts() > 0;
    }

    /** Records that could not be queued (each was logged). */
    long rejectedRecords() {
        return rejected.get();
    }

    // The running total is fed by the same records the ledger stores, so it equals the ledger's task cost for every
    // attempt this process made; no database read sits on the request path. Attempts made by another instance or
    // before a restart show up in `ladder report`, not in this header.
    private void addToTask(TaskId task, Money amount) {
        synchronized (taskTotals) {
            taskTotals.merge(task.value(), amount, Money::plus);
        }
    }

    private static AttemptKind kind(ladder.gateway.AttemptKind kind) {
        return switch (kind) {
            case FIRST -> AttemptKind.FIRST;
            case RETRY -> AttemptKind.RETRY;
            case FALLBACK -> AttemptKind.FALLBACK;
            case ESCALATION -> AttemptKind.ESCALATION;
        };
    }
}
