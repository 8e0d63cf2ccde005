package ladder.app.json;

/** A usage object that cannot be read; the message is one line naming the field (and line, for syntax errors). */
public final class UsageJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageJsonException(String message) {
        super(message);
    }

    UsageJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
