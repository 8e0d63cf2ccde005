package ladder.core.price;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact, non-negative rational multiplier such as the batch discount (1/2) or a long-context premium (3/2).
 * Never a {@code double}: a factor applied to a rate or an amount stays exact until the single final rounding.
 *
 * <p>Always held in lowest terms, so equal factors are equal records.
 *
 * @param numerator {@code >= 0}
 * @param denominator {@code > 0}
 */
public record Factor(long numerator, long denominator) {

    /** Multiply by one: no discount, no premium. */
    public static final Factor ONE = new Factor(1, 1);

    /** One half: the Message Batches API discount. */
    public static final Factor HALF = new Factor(1, 2);

    public Factor {
        if (numerator < 0) {
            throw new IllegalArgumentException("factor numerator must be >= 0, was " + numerator);
        }
        if (denominator <= 0) {
            throw new IllegalArgumentException("factor denominator must be > 0, was " + denominator);
        }
        long gcd = BigInteger.valueOf(numerator)
                .gcd(BigInteger.valueOf(denominator))
                .longValueExact();
        if (gcd > 1) {
            numerator /= gcd;
            denominator /= gcd;
        }
    }

    /** The factor {@code numerator / denominator}, reduced. */
    public static Factor of(long numerator, long denominator) {
        return new Factor(numerator, denominator);
    }

    /**
     * Parses an exact decimal such as {@code "0.5"}, {@code "1.5"} or {@code "2"}.
     *
     * @throws IllegalArgumentException if {@code text} is not a non-negative decimal number
     */
    public static Factor parse(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal factor: '" + text + "'", e);
        }
        return of(value);
    }

    /**
     * The factor equal to {@code value} exactly.
     *
     * @throws IllegalArgumentException if {@code value} is negative or too precise to hold in a {@code long}
     */
    public static Factor of(BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("factor must be >= 0, was " + value.toPlainString());
        }
        BigDecimal stripped = value.stripTrailingZeros();
        int scale = Math.max(stripped.scale(), 0);
        try {
            long numerator = stripped.movePointRight(scale).longValueExact();
            long denominator = BigInteger.TEN.pow(scale).longValueExact();
            return new Factor(numerator, denominator);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("factor '" + value.toPlainString() + "' is too large or too precise", e);
        }
    }

    /** Whether this factor is exactly one. */
    public boolean isOne() {
        return numerator == denominator;
    }

    /** The product of this and {@code other}; throws {@link ArithmeticException} on overflow. */
    public Factor times(Factor other) {
        return new Factor(
                Math.multiplyExact(numerator, other.numerator), Math.multiplyExact(denominator, other.denominator));
    }

    /** The factor as an exact decimal when it has one, else as {@code n/d}; e.g. {@code "0.5"}, {@code "1/3"}. */
    @Override
    public String toString() {
        try {
            return new BigDecimal(numerator)
                    .divide(new BigDecimal(denominator))
                    .stripTrailingZeros()
                    .toPlainString();
        } catch (ArithmeticException e) {
            return numerator + "/" + denominator;
        }
    }
}
