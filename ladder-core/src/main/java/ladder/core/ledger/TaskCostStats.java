package ladder.core.ledger;

import java.util.Objects;
import ladder.core.Money;

/**
 * The distribution of cost per task within one group (priced attempts only; an unpriced attempt adds $0).
 *
 * @param group the group value ({@code ""} for the whole window)
 * @param tasks tasks in the group, {@code >= 0}
 * @param calls attempts in the group, {@code >= tasks}
 * @param unpricedCalls attempts without a price, {@code 0..calls}
 * @param total the sum of every task's cost
 * @param p50 the median task cost (a discrete quantile: an actual task's cost)
 * @param p90 the 90th percentile task cost (discrete)
 * @param max the most expensive task
 */
public record TaskCostStats(
        String group, long tasks, long calls, long unpricedCalls, Money total, Money p50, Money p90, Money max) {

    public TaskCostStats {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p90, "p90");
        Objects.requireNonNull(max, "max");
        if (tasks < 0 || calls < tasks || unpricedCalls < 0 || unpricedCalls > calls) {
            throw new IllegalArgumentException("need 0 <= tasks <= calls and 0 <= unpriced <= calls, were tasks "
                    + tasks + ", calls " + calls + ", unpriced " + unpricedCalls);
        }
    }

    /** The mean task cost, rounded half up to a nano-dollar; zero without tasks. */
    public Money mean() {
        return tasks == 0 ? Money.ZERO : Money.ofNanos(Math.floorDiv(total.nanos() + tasks / 2, tasks));
    }
}
