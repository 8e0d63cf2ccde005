package ladder.sim;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps Helidon's per-server INFO lines out of test output. */
final class Quiet {

    // Held strongly: JUL forgets levels of loggers that are garbage collected.
    private static final Logger HELIDON = Logger.getLogger("io.helidon");

    private Quiet() {}

    static void helidon() {
        HELIDON.setLevel(Level.WARNING);
    }
}
