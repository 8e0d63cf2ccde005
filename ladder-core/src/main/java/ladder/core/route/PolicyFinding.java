package ladder.core.route;

import java.util.Locale;
import java.util.Objects;

/**
 * One problem {@link PolicyLint} found in a valid policy.
 *
 * @param severity how bad
 * @param path where, as a config path ({@code rules[3].tier}, {@code fallback.chains.claude-opus-4-8})
 * @param message what is wrong and what to do instead
 */
public record PolicyFinding(Severity severity, String path, String message) {

    /** How bad a finding is. */
    public enum Severity {
        /** Legal but probably not what was meant. */
        WARNING,
        /** Wrong. */
        ERROR;

        /** The lower-case name for output. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PolicyFinding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** A warning at {@code path}. */
    public static PolicyFinding warning(String path, String message) {
        return new PolicyFinding(Severity.WARNING, path, message);
    }
}
