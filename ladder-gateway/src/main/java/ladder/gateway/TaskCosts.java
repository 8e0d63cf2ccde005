package ladder.gateway;

import ladder.core.Money;
import ladder.core.TaskId;

/** Read side of the attempt ledger the gateway needs: what a task has cost so far, and whether it has any attempt. */
public interface TaskCosts {

    /** The sum of the priced attempts of {@code task} so far ({@link Money#ZERO} for an unknown task). */
    Money costOf(TaskId task);

    /**
     * Whether any attempt of {@code task} is on record: made by this process, or stored in the ledger by any gateway
     * sharing it (so it survives restarts). May read the store: for rare checks, never on the per-call path.
     *
     * @throws ladder.core.StoreException when the store cannot be read
     */
    boolean recorded(TaskId task);
}
