package ladder.core.access;

import java.util.Objects;

/** Whether a principal may use a tier and model. */
public sealed interface AccessDecision {

    /** The principal may use it. */
    record Allow() implements AccessDecision {}

    /**
     * The principal may not use it.
     *
     * @param reason one line naming the team or project, what was asked and what is allowed
     */
    record Deny(String reason) implements AccessDecision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The shared {@link Allow} value. */
    AccessDecision ALLOW = new Allow();

    /** Whether this allows the call. */
    default boolean isAllowed() {
        return this instanceof Allow;
    }
}
