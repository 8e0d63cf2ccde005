package ladder.gateway;

import java.util.Objects;
import ladder.core.Tier;

/** What the client asked of the router beyond the {@code model} field, from Ladder's request headers. */
public sealed interface ClientAsk {

    /** No request: route as usual. */
    record Route() implements ClientAsk {}

    /**
     * {@code x-ladder-escalate}: a previous answer failed the client's validation or had low confidence; use the next
     * tier up.
     *
     * @param reason the client's reason, non-blank
     */
    record Escalate(String reason) implements ClientAsk {
        public Escalate {
            requireText(reason, "reason");
        }
    }

    /**
     * {@code x-ladder-override} with {@code x-ladder-override-reason}: use exactly this tier.
     *
     * @param tier the tier asked for
     * @param reason why, non-blank (audited)
     */
    record Override(Tier tier, String reason) implements ClientAsk {
        public Override {
            Objects.requireNonNull(tier, "tier");
            requireText(reason, "reason");
        }
    }

    private static void requireText(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
