package ladder.core.route;

import java.util.Locale;

/** What to do about a retryable upstream failure. */
public enum FallbackAction {
    /** Call the same model again after a capped exponential backoff with jitter (or the server's retry-after). */
    RETRY,
    /** Call the next allowed model of the failed model's fallback chain; retry the same model when none is left. */
    REROUTE,
    /** Give up at once and return the failure. */
    FAIL;

    /** The lower-case id used in policy files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an id, case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid ids
     */
    public static FallbackAction parse(String text) {
        for (FallbackAction action : values()) {
            if (action.id().equalsIgnoreCase(text.trim())) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown fallback action '" + text + "'; valid: retry, reroute, fail");
    }

    @Override
    public String toString() {
        return id();
    }
}
