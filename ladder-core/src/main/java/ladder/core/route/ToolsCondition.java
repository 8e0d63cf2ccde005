package ladder.core.route;

/** What a rule requires of the call's tools. */
public enum ToolsCondition {
    /** Tools or not. */
    ANY,
    /** The call offers tools. */
    PRESENT,
    /** The call offers none. */
    ABSENT;

    boolean matches(boolean toolsPresent) {
        return switch (this) {
            case ANY -> true;
            case PRESENT -> toolsPresent;
            case ABSENT -> !toolsPresent;
        };
    }
}
