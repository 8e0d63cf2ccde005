package ladder.app;

/** A configuration or data file mistake: one line naming the file, the key and what would be valid. */
final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message, null, false, false);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
