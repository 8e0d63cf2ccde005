package ladder.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import ladder.core.Money;
import ladder.core.TaskId;

/** Keeps every attempt in memory; for tests, demos and until the ledger stores are wired. Thread-safe. */
public final class InMemoryAttempts implements AttemptSink, TaskCosts {

    private final List<AttemptRecord> attempts = new CopyOnWriteArrayList<>();
    private final Map<TaskId, Money> totals = new ConcurrentHashMap<>();

    @Override
    public void append(AttemptRecord attempt) {
        attempts.add(attempt);
        if (attempt.cost() instanceof AttemptCost.Priced priced) {
            totals.merge(attempt.taskId(), priced.cost(), Money::plus);
        }
    }

    @Override
    public Money costOf(TaskId task) {
        return totals.getOrDefault(task, Money.ZERO);
    }

    @Override
    public boolean recorded(TaskId task) {
        return attempts.stream().anyMatch(a -> a.taskId().equals(task));
    }

    /** Every attempt appended so far, oldest first. */
    public List<AttemptRecord> attempts() {
        return List.copyOf(attempts);
    }
}
