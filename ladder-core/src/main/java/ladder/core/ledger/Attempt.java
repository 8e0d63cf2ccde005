package ladder.core.ledger;

import java.util.Objects;

/**
 * Which attempt of a request a call record describes.
 *
 * @param index 0 for the first attempt, then 1, 2, ... in the order they were made
 * @param kind why the attempt was made; {@link AttemptKind#FIRST} exactly when {@code index} is 0
 * @param reason short machine-readable reason (e.g. {@code overloaded}, {@code 429}, {@code low-confidence}); empty
 *     for the first attempt
 */
public record Attempt(int index, AttemptKind kind, String reason) {

    /** The first attempt of a request. */
    public static final Attempt FIRST = new Attempt(0, AttemptKind.FIRST, "");

    public Attempt {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        if (index < 0) {
            throw new IllegalArgumentException("attempt index must be >= 0, was " + index);
        }
        if ((index == 0) != (kind == AttemptKind.FIRST)) {
            throw new IllegalArgumentException(
                    "attempt kind FIRST goes with index 0 only, was index " + index + " kind " + kind);
        }
    }

    /** Returns attempt {@code index} of {@code kind} for {@code reason}. */
    public static Attempt of(int index, AttemptKind kind, String reason) {
        return new Attempt(index, kind, reason);
    }
}
