package ladder.sim;

/** A sim config file that cannot be read or is invalid; the message names the file, the key and the fix. */
public final class SimConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SimConfigException(String message) {
        super(message);
    }

    SimConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
