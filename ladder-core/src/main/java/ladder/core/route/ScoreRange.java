package ladder.core.route;

/**
 * An inclusive range of difficulty scores.
 *
 * @param min in {@code [0, 1]}
 * @param max in {@code [min, 1]}
 */
public record ScoreRange(double min, double max) {

    /** Every score. */
    public static final ScoreRange ANY = new ScoreRange(0, 1);

    public ScoreRange {
        if (!(min >= 0 && max <= 1 && min <= max)) {
            throw new IllegalArgumentException(
                    "score range needs 0 <= min <= max <= 1, was [" + min + ", " + max + "]");
        }
    }

    /** Whether {@code score} is in range. */
    public boolean contains(double score) {
        return score >= min && score <= max;
    }

    /** Whether this is {@link #ANY}. */
    public boolean isAny() {
        return min == 0 && max == 1;
    }
}
