package ladder.core.access;

import java.time.Instant;
import java.util.Objects;
import ladder.core.TaskId;
import ladder.core.Tier;

/**
 * The trace of an explicit tier override: who asked for what, why, and when.
 *
 * @param who the principal that asked
 * @param task the task the call belongs to
 * @param routedTier the tier routing would have chosen
 * @param requestedTier the tier the caller asked for and got
 * @param reason the caller's reason, as given; non-blank
 * @param at when the override was granted
 */
public record AuditRecord(Principal who, TaskId task, Tier routedTier, Tier requestedTier, String reason, Instant at) {

    public AuditRecord {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(routedTier, "routedTier");
        Objects.requireNonNull(requestedTier, "requestedTier");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an override needs a reason");
        }
    }
}
