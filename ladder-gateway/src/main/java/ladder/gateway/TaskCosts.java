package ladder.gateway;

import ladder.core.Money;
import ladder.core.TaskId;

/** Read side of the attempt ledger the gateway needs: what a task has cost so far. */
public interface TaskCosts {

    /** The sum of the priced attempts of {@code task} so far ({@link Money#ZERO} for an unknown task). */
    Money costOf(TaskId task);
}
