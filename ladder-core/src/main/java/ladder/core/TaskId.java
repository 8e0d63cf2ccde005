package ladder.core;

import java.util.Objects;

/**
 * Identifies one agent task: every call made to take one piece of work from input to accepted output.
 *
 * @param value opaque, non-blank
 */
public record TaskId(String value) {

    public TaskId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("task id must not be blank");
        }
    }

    /** Returns the task id for {@code value}. */
    public static TaskId of(String value) {
        return new TaskId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
