package ladder.core.ledger;

import java.util.Objects;
import ladder.core.Money;
import ladder.core.TaskId;

/**
 * What one task cost so far.
 *
 * @param taskId the task
 * @param total the sum of every priced attempt's cost, in nano-dollars; unpriced attempts add nothing
 * @param attempts how many attempts the ledger holds for the task, {@code >= 0}
 * @param unpricedAttempts how many of those were unpriced, {@code 0..attempts}; a non-zero count means {@code total}
 *     is a lower bound
 */
public record TaskCost(TaskId taskId, Money total, long attempts, long unpricedAttempts) {

    public TaskCost {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(total, "total");
        if (attempts < 0 || unpricedAttempts < 0 || unpricedAttempts > attempts) {
            throw new IllegalArgumentException(
                    "need 0 <= unpriced attempts <= attempts, were " + unpricedAttempts + " and " + attempts);
        }
    }

    /** The cost of a task the ledger has no attempt of. */
    public static TaskCost none(TaskId taskId) {
        return new TaskCost(taskId, Money.ZERO, 0, 0);
    }

    /** Whether every attempt was priced, so {@code total} is exact. */
    public boolean isExact() {
        return unpricedAttempts == 0;
    }
}
