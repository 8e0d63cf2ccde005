package ladder.core.access;

import java.util.Objects;

/** Whether a principal may use a tier and model. */
public sealed interface AccessDecision {

    /** The principal may use it. */
    record Allow() implements AccessDecision {
        @Override
        public boolean isAllowed() {
            return true;
        }
    }

    /**
     * The principal may not use it.
     *
     * @param reason one line naming the team or project, what was asked and what is allowed
     */
    record Deny(String reason) implements AccessDecision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean isAllowed() {
            return false;
        }
    }

    /** The shared {@link Allow} value. */
    AccessDecision ALLOW = new Allow();

    /**
     * Whether this allows the call. Abstract rather than a default method: a default method would make initializing
     * {@link Allow} initialize this interface, whose {@link #ALLOW} constant initializes {@link Allow} (a possible
     * class-initialization deadlock between two threads).
     */
    boolean isAllowed();
}
