package ladder.core.ledger;

import java.util.Locale;

/** What a report groups by. */
public enum Dimension {
    /** Everything in one group. */
    ALL,
    /** The agent task. */
    TASK,
    /** Step type and the tier it ran on, e.g. {@code plan@large}. */
    ROUTE,
    /** The step type. */
    STEP,
    /** The routed model. */
    MODEL,
    /** The team. */
    TEAM,
    /** The project. */
    PROJECT;

    /** The lower-case id used on the command line and in JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an id, case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid ids
     */
    public static Dimension parse(String text) {
        for (Dimension d : values()) {
            if (d.id().equalsIgnoreCase(text.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "unknown grouping '" + text + "'; valid are all, task, route, step, model, team, project");
    }
}
