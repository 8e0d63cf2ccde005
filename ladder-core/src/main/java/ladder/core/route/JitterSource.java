package ladder.core.route;

import java.util.concurrent.ThreadLocalRandom;

/** Randomness for retry jitter, injected so tests are deterministic. */
@FunctionalInterface
public interface JitterSource {

    /** A number in {@code [0, 1)}. */
    double next();

    /** Thread-local randomness, for production wiring. */
    static JitterSource random() {
        return () -> ThreadLocalRandom.current().nextDouble();
    }

    /** Always {@code value}; for tests. */
    static JitterSource fixed(double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + value);
        }
        return () -> value;
    }
}
