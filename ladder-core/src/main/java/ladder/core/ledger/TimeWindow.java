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

    /**
     * The half-open window holding exactly the attempts of {@code span} as {@link LedgerAnalytics#span} returns it
     * (its end included): the end moves by one microsecond, the ledger's time resolution.
     */
    public static TimeWindow ofSpan(TimeWindow span) {
        return new TimeWindow(span.from(), span.to().plusNanos(1_000));
    }

    /** Whether {@code instant} lies in the window. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }
}
