package ladder.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of US dollars, held as a {@code long} count of nano-dollars (10^-9 USD).
 *
 * <p>Why nano-dollars: every published per-million-token rate and every derived rate (cache multipliers, batch
 * discount) is an exact integer number of nano-dollars per million tokens, and a {@code long} holds about $9.2
 * billion. Arithmetic is exact and overflow throws ({@link Math#addExact}). Never convert to {@code double}; use
 * {@link #toUsdString()} at the edges.
 *
 * @param nanos the amount in nano-dollars; may be negative (a saving, a refund, a settled reservation delta)
 */
public record Money(long nanos) implements Comparable<Money> {

    /** Nano-dollars in one US dollar. */
    public static final long NANOS_PER_USD = 1_000_000_000L;

    /** Zero dollars. */
    public static final Money ZERO = new Money(0);

    /** Returns the amount of {@code nanos} nano-dollars. */
    public static Money ofNanos(long nanos) {
        return nanos == 0 ? ZERO : new Money(nanos);
    }

    /** Returns a whole number of US dollars. */
    public static Money ofUsd(long dollars) {
        return new Money(Math.multiplyExact(dollars, NANOS_PER_USD));
    }

    /**
     * Parses a decimal dollar amount such as {@code "3"}, {@code "0.30"} or {@code "1.06376125"}.
     *
     * @throws IllegalArgumentException if the text is not a decimal number or has more than nine fractional digits
     */
    public static Money parseUsd(String text) {
        BigDecimal usd;
        try {
            usd = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a dollar amount: '" + text + "'", e);
        }
        try {
            return new Money(
                    usd.movePointRight(9).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "dollar amount '" + text + "' is finer than a nano-dollar or too large", e);
        }
    }

    /** The sum of this and {@code other}; throws {@link ArithmeticException} on overflow. */
    public Money plus(Money other) {
        return new Money(Math.addExact(nanos, other.nanos));
    }

    /** The difference of this and {@code other}; throws {@link ArithmeticException} on overflow. */
    public Money minus(Money other) {
        return new Money(Math.subtractExact(nanos, other.nanos));
    }

    /** This amount times a whole factor; throws {@link ArithmeticException} on overflow. */
    public Money times(long factor) {
        return new Money(Math.multiplyExact(nanos, factor));
    }

    /** Whether this amount is below zero. */
    public boolean isNegative() {
        return nanos < 0;
    }

    /** The amount as an exact {@link BigDecimal} of dollars, scale 9. */
    public BigDecimal toUsd() {
        return BigDecimal.valueOf(nanos, 9);
    }

    /**
     * The exact dollar amount as a plain decimal string without trailing zeros beyond two decimals, e.g. {@code
     * "0.054399"}, {@code "1.06376125"}, {@code "3.00"}.
     */
    public String toUsdString() {
        BigDecimal usd = toUsd().stripTrailingZeros();
        if (usd.scale() < 2) {
            usd = usd.setScale(2, RoundingMode.UNNECESSARY);
        }
        return usd.toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(nanos, other.nanos);
    }

    @Override
    public String toString() {
        return "$" + toUsdString();
    }
}
