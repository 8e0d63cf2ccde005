package ladder.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open interval of time {@code [from, to)}.
 *
 * @param from first instant included
 * @param to first instant excluded; not before {@code from} (equal means empty)
 */
public record TimeWindow(Instant from, Instant to) {

    public TimeWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("time window ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** Returns {@code [from, to)}. */
    public static TimeWindow of(Instant from, Instant to) {
        return new TimeWindow(from, to);
    }

    /** Whether {@code instant} lies in the window. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }
}
