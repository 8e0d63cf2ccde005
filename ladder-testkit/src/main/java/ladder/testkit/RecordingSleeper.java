package ladder.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import ladder.core.Sleeper;

/** A sleeper that returns at once and remembers every wait it was asked for; optionally advances a fake clock. */
public final class RecordingSleeper implements Sleeper {

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final FakeClock clock;

    private RecordingSleeper(FakeClock clock) {
        this.clock = clock;
    }

    /** A sleeper that records waits only. */
    public static RecordingSleeper create() {
        return new RecordingSleeper(null);
    }

    /** A sleeper that records waits and advances {@code clock} by each. */
    public static RecordingSleeper advancing(FakeClock clock) {
        return new RecordingSleeper(clock);
    }

    @Override
    public void sleep(Duration duration) {
        waits.add(duration);
        if (clock != null) {
            clock.advance(duration);
        }
    }

    /** Every wait requested so far, in order. */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }
}
