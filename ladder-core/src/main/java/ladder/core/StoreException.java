package ladder.core;

/** The one unchecked infrastructure failure of core's ports; adapters wrap the driver's exception as the cause. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
