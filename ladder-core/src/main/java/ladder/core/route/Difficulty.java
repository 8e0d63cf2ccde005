package ladder.core.route;

/**
 * How hard a step looks before it runs, from 0 (trivial) to 1 (hardest).
 *
 * @param score in {@code [0, 1]}
 */
public record Difficulty(double score) {

    public Difficulty {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("difficulty must be between 0 and 1, was " + score);
        }
    }

    /** The difficulty {@code score}. */
    public static Difficulty of(double score) {
        return new Difficulty(score);
    }
}
