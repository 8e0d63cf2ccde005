package ladder.core.route;

import java.util.EnumSet;
import java.util.Set;

/**
 * When a step may go one tier up.
 *
 * @param maxPerStep escalations allowed for one call (step), {@code >= 0}
 * @param maxPerTask escalations allowed across all calls of a task, {@code >= 0}
 * @param triggers the reasons that may escalate; others are refused
 */
public record EscalationConfig(int maxPerStep, int maxPerTask, Set<EscalationReason> triggers) {

    /** One escalation per step unless configured. */
    public static final int DEFAULT_MAX_PER_STEP = 1;

    /** Three escalations per task unless configured. */
    public static final int DEFAULT_MAX_PER_TASK = 3;

    public EscalationConfig {
        if (maxPerStep < 0 || maxPerTask < 0) {
            throw new IllegalArgumentException(
                    "escalation caps must be >= 0, were per-step " + maxPerStep + ", per-task " + maxPerTask);
        }
        triggers = Set.copyOf(triggers);
    }

    /** The defaults: every reason triggers, one per step, three per task. */
    public static EscalationConfig defaults() {
        return new EscalationConfig(DEFAULT_MAX_PER_STEP, DEFAULT_MAX_PER_TASK, EnumSet.allOf(EscalationReason.class));
    }
}
