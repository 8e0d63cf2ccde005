package ladder.core;

import java.time.Duration;

/** Waits between retries. Injected so core never calls {@code Thread.sleep} and tests can record waits. */
@FunctionalInterface
public interface Sleeper {

    /**
     * Blocks for {@code duration}.
     *
     * @throws InterruptedException if interrupted while waiting; callers restore the interrupt flag
     */
    void sleep(Duration duration) throws InterruptedException;

    /** The real sleeper, for production wiring. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration);
    }
}
