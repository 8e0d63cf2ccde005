package ladder.core.access;

import java.time.Instant;
import java.util.Objects;
import ladder.core.Money;

/**
 * One budget that applies to a call: the account, its limit, and when it resets.
 *
 * @param key the account
 * @param limit the most that may be spent in the period; {@code >= 0}
 * @param resetsAt when the period ends and spend starts again from zero; {@link Instant#MAX} when it never resets
 *     (per-task caps)
 */
public record Budget(BudgetKey key, Money limit, Instant resetsAt) {

    /** "No limit": the largest amount a {@link Money} holds. */
    public static final Money UNLIMITED = Money.ofNanos(Long.MAX_VALUE);

    public Budget {
        Objects.requireNonNull(key, "key");
        requireLimit("limit", limit);
        Objects.requireNonNull(resetsAt, "resetsAt");
    }

    /** Whether the budget ever resets. */
    public boolean resets() {
        return !resetsAt.equals(Instant.MAX);
    }

    static void requireLimit(String field, Money limit) {
        Objects.requireNonNull(limit, field);
        if (limit.isNegative()) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + limit);
        }
    }
}
