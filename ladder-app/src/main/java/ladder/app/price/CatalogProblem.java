package ladder.app.price;

import java.util.Objects;

/**
 * One problem in a user catalog file.
 *
 * @param file the file as named on the command line
 * @param line 1-based line, or 0 when unknown
 * @param entry the entry, e.g. {@code models[1] (claude-sonnet-4-6)}, or empty for the file as a whole
 * @param field the field, e.g. {@code input}, or empty
 * @param message what is wrong and what would be valid
 */
public record CatalogProblem(String file, int line, String entry, String field, String message) {

    public CatalogProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line: entry: field: message}, leaving out the parts that are unknown. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (!entry.isEmpty()) {
            text.append(entry).append(": ");
        }
        if (!field.isEmpty()) {
            text.append(field).append(": ");
        }
        return text.append(message).toString();
    }
}
