package ladder.core.access;

import java.util.Objects;

/**
 * Identifies one budget account: what it caps, whose it is, and which period.
 *
 * @param scope what the budget caps
 * @param owner the team, project or task id; non-blank
 * @param period the month ({@code 2026-11}) for monthly budgets, {@code task} for the per-task cap
 */
public record BudgetKey(BudgetScope scope, String owner, String period) {

    public BudgetKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(period, "period");
        if (owner.isBlank() || period.isBlank()) {
            throw new IllegalArgumentException("budget owner and period must not be blank");
        }
    }

    @Override
    public String toString() {
        return scope.id() + " budget of " + owner + " (" + period + ")";
    }
}
