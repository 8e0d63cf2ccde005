package ladder.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A thread-safe clock that only moves when a test moves it. */
public final class FakeClock implements InstantSource {

    private final AtomicReference<Instant> now;

    private FakeClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock standing at {@code start}. */
    public static FakeClock at(Instant start) {
        return new FakeClock(start);
    }

    /** A clock standing at the ISO-8601 instant {@code text}, e.g. {@code 2026-11-01T00:00:00Z}. */
    public static FakeClock at(String text) {
        return new FakeClock(Instant.parse(text));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves the clock forward by {@code step}. */
    public void advance(Duration step) {
        now.updateAndGet(t -> t.plus(step));
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(instant);
    }
}
