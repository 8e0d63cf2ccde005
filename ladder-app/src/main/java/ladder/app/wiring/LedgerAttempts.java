package ladder.app.wiring;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.ledger.AsyncLedgerWriter;
import ladder.core.ledger.Attempt;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.Submission;
import ladder.gateway.AttemptRecord;
import ladder.gateway.AttemptSink;
import ladder.gateway.TaskCosts;

/**
 * Turns each upstream attempt into a ledger {@link CallRecord} (priced with the version in force), queues it on the
 * asynchronous writer, settles the attempt's budget reservation, and keeps a running cost per task so the
 * {@code x-ladder-task-cost-usd} header needs no database read on the request path.
 */
final class LedgerAttempts implements AttemptSink, TaskCosts {

    private static final System.Logger LOG = System.getLogger("ladder.ledger");

    /** Tasks whose running total is kept in memory; a task not among them is read from the store once. */
    static final int MAX_CACHED_TASKS = 200_000;

    private final AsyncLedgerWriter writer;
    private final CatalogPricer pricer;
    private final PolicyRouter router;
    private final LadderMetrics metrics;
    private final GenAiSpans spans;
    private final AtomicLong rejected = new AtomicLong();
    private final Map<String, Money> taskTotals = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Money> eldest) {
            return size() > MAX_CACHED_TASKS;
        }
    };

    LedgerAttempts(
            AsyncLedgerWriter writer,
            CatalogPricer pricer,
            PolicyRouter router,
            LadderMetrics metrics,
            GenAiSpans spans) {
        this.writer = writer;
        this.pricer = pricer;
        this.router = router;
        this.metrics = metrics;
        this.spans = spans;
    }

    @Override
    public void append(AttemptRecord attempt) {
        CallCost cost = pricer.callCost(attempt.model(), attempt.usage(), attempt.batch(), attempt.at());
        Money amount = cost.amountOrZero();
        router.settle(attempt.requestId(), attempt.attemptIndex(), amount);
        addToTask(attempt.taskId(), amount);
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
                .prefixFingerprints(attempt.prefixFingerprints())
                .inputBytes(attempt.inputBytes())
                .outputBytes(attempt.outputBytes())
                .bodyHash(attempt.bodyHash())
                .latencyTolerant(attempt.latencyTolerant())
                .build();
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
                        amount.nanos());
            }
        }
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
