package ladder.core.route;

import java.util.Locale;

/** Evidence that a step is harder than expected, reported by the caller after a call. */
public enum EscalationReason {
    /** The output failed the caller's validation (schema, tests, checks). */
    VALIDATION_FAILED,
    /** The model or a judge reported low confidence. */
    LOW_CONFIDENCE,
    /** A tool call the model made failed or was malformed. */
    TOOL_ERROR,
    /** The answer stopped at {@code max_tokens}. */
    MAX_TOKENS,
    /** The model refused ({@code stop_reason: refusal}). */
    REFUSAL;

    /** The id used in policy files and on the wire ({@code validation_failed}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an id, case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid ids
     */
    public static EscalationReason parse(String text) {
        for (EscalationReason reason : values()) {
            if (reason.id().equalsIgnoreCase(text.trim())) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown escalation reason '" + text
                + "'; valid: validation_failed, low_confidence, tool_error, max_tokens, refusal");
    }

    @Override
    public String toString() {
        return id();
    }
}
