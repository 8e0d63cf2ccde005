package ladder.core.access;

import java.util.Objects;

/**
 * The caller behind an API key: a named key that belongs to one team and one project.
 *
 * @param name the key's name in the policy, for audit and explanations (never the key itself); non-blank
 * @param team the team the key belongs to; non-blank
 * @param project the project the key belongs to; non-blank
 */
public record Principal(String name, String team, String project) {

    /** The project used when a key or a CLI call names none. */
    public static final String DEFAULT_PROJECT = "default";

    public Principal {
        requireText("name", name);
        requireText("team", team);
        requireText("project", project);
    }

    /** A principal for {@code team}/{@code project}, named after them (CLI and tests). */
    public static Principal of(String team, String project) {
        return new Principal(team + "/" + project, team, project);
    }

    private static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException("principal " + field + " must not be blank");
        }
    }
}
