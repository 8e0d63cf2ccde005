package ladder.core.route;

/**
 * An inclusive range of whole numbers (token counts, failure counts).
 *
 * @param min the smallest value in range, {@code >= 0}
 * @param max the largest value in range, {@code >= min}; {@link Long#MAX_VALUE} for "no upper bound"
 */
public record LongRange(long min, long max) {

    /** Every non-negative value. */
    public static final LongRange ANY = new LongRange(0, Long.MAX_VALUE);

    public LongRange {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("range needs 0 <= min <= max, was [" + min + ", " + max + "]");
        }
    }

    /** Whether {@code value} is in range. */
    public boolean contains(long value) {
        return value >= min && value <= max;
    }

    /** Whether this is {@link #ANY}. */
    public boolean isAny() {
        return min == 0 && max == Long.MAX_VALUE;
    }
}
