package ladder.core.route;

import java.time.Duration;
import java.util.Objects;

/**
 * Capped exponential backoff with jitter: retry {@code n} (from 0) waits {@code min(max, initial * multiplier^n)},
 * reduced by up to {@code jitter} of itself at random ("equal jitter" when 0.5, none when 0).
 *
 * @param initial the first wait, {@code > 0}
 * @param max the cap, {@code >= initial}
 * @param multiplier growth per retry, {@code >= 1}
 * @param jitter the fraction of each wait that is random, in {@code [0, 1]}
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    /** The defaults: 500 ms doubling up to 8 s, a quarter of each wait random. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), 2.0, 0.25);

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + ", " + max);
        }
        if (!(multiplier >= 1 && multiplier <= 100)) {
            throw new IllegalArgumentException("backoff multiplier must be in [1, 100], was " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1], was " + jitter);
        }
    }

    /** The wait before retry number {@code retry} (0 for the first retry), using {@code random} in [0, 1). */
    public Duration delay(int retry, double random) {
        double millis = initial.toMillis() * Math.pow(multiplier, Math.min(retry, 60));
        long capped = (long) Math.min(millis, (double) max.toMillis());
        long jittered = capped - (long) (capped * jitter * random);
        return Duration.ofMillis(Math.max(jittered, 0));
    }
}
