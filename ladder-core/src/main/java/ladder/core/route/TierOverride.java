package ladder.core.route;

import java.util.Objects;
import ladder.core.Tier;

/**
 * A caller's explicit request for a tier, with the reason recorded in the audit trail.
 *
 * @param tier the tier asked for
 * @param reason why; non-blank
 */
public record TierOverride(Tier tier, String reason) {

    public TierOverride {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a tier override needs a reason");
        }
    }
}
