package ladder.core.cost;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Usage;
import ladder.core.price.Factor;
import ladder.core.price.LongContextRule;
import ladder.core.price.ModelPrice;
import ladder.core.price.PriceCatalog;

/**
 * Prices a usage block exactly with the catalog version in force at the call's time.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>Token classes are disjoint: uncached input, 5-minute writes, 1-hour writes and reads are each billed once
 *       at their own rate.
 *   <li>Without a {@code cache_creation} breakdown every cache-creation token is a 5-minute write; a breakdown that
 *       does not add up to {@code cache_creation_input_tokens} is {@link CostResult.InvalidUsage}.
 *   <li>Batch multiplies every token class by the model's batch factor and stacks with caching and with the
 *       long-context premium. Server tools are billed per request, without batch or long-context factors.
 *   <li>Long context: when total input exceeds the model's threshold, every input class takes the input factor and
 *       output the output factor.
 *   <li>Each line is {@code tokens x rate x factors / 1,000,000}, computed exactly and rounded once, half-even, to
 *       a nano-dollar. The total is the exact sum of the lines.
 * </ul>
 *
 * <p>Thread-safe and allocation-light: pricing allocates the result and the cost, nothing else on the common path.
 */
public final class CostCalculator {

    private static final long TOKENS_PER_MTOK = 1_000_000;
    private static final BigInteger BIG_TOKENS_PER_MTOK = BigInteger.valueOf(TOKENS_PER_MTOK);

    private final PriceCatalog catalog;

    /** A calculator that looks prices up in {@code catalog}. */
    public CostCalculator(PriceCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The catalog this calculator prices with. */
    public PriceCatalog catalog() {
        return catalog;
    }

    /**
     * Prices one call.
     *
     * @param model the model id as the call named it (aliases and platform forms resolve)
     * @param usage the call's usage
     * @param batch whether the call went through the Message Batches API
     * @param at when the call was made; selects the price version
     * @return {@link CostResult.Priced}, {@link CostResult.Unpriced} when the catalog has no price for the model at
     *     {@code at}, or {@link CostResult.InvalidUsage}
     */
    public CostResult price(ModelId model, Usage usage, boolean batch, Instant at) {
        Objects.requireNonNull(usage, "usage");
        Optional<ModelPrice> price = catalog.find(model, at);
        if (price.isEmpty()) {
            return new CostResult.Unpriced(model);
        }
        return price(price.get(), usage, batch);
    }

    /**
     * Prices one call with the given price version, without a catalog lookup.
     *
     * @return {@link CostResult.Priced} or {@link CostResult.InvalidUsage}
     */
    public static CostResult price(ModelPrice price, Usage usage, boolean batch) {
        long write5m;
        long write1h;
        switch (usage.cacheCreation()) {
            case Usage.CacheCreation.Unspecified unspecified -> {
                write5m = usage.cacheCreationInputTokens();
                write1h = 0;
            }
            case Usage.CacheCreation.Split split -> {
                write5m = split.ephemeral5mInputTokens();
                write1h = split.ephemeral1hInputTokens();
                if (write5m != usage.cacheCreationInputTokens() - write1h) { // no overflow: both are >= 0
                    return new CostResult.InvalidUsage(breakdownMismatch(write5m, write1h, usage));
                }
            }
        }
        try {
            boolean longContext = price.longContext().appliesTo(usage.totalInputTokens());
            Factor batchFactor = batch ? price.batchFactor() : Factor.ONE;
            long inNum = batchFactor.numerator();
            long inDen = batchFactor.denominator();
            long outNum = inNum;
            long outDen = inDen;
            if (longContext && price.longContext() instanceof LongContextRule.Premium premium) {
                inNum = Math.multiplyExact(inNum, premium.inputFactor().numerator());
                inDen = Math.multiplyExact(inDen, premium.inputFactor().denominator());
                outNum = Math.multiplyExact(outNum, premium.outputFactor().numerator());
                outDen = Math.multiplyExact(outDen, premium.outputFactor().denominator());
            }
            return new CostResult.Priced(new Cost(
                    price.id(),
                    price.versionId(),
                    usage,
                    batch,
                    longContext,
                    line(usage.inputTokens(), price.inputNanosPerMTok(), inNum, inDen),
                    line(write5m, price.cacheWrite5mNanosPerMTok(), inNum, inDen),
                    line(write1h, price.cacheWrite1hNanosPerMTok(), inNum, inDen),
                    line(usage.cacheReadInputTokens(), price.cacheReadNanosPerMTok(), inNum, inDen),
                    line(usage.outputTokens(), price.outputNanosPerMTok(), outNum, outDen),
                    Math.multiplyExact(usage.serverToolUse().webSearchRequests(), price.webSearchNanosPerRequest()),
                    Math.multiplyExact(usage.serverToolUse().webFetchRequests(), price.webFetchNanosPerRequest())));
        } catch (ArithmeticException e) {
            return new CostResult.InvalidUsage("usage too large to price exactly in nano-dollars (input_tokens "
                    + usage.inputTokens() + ", cache_creation_input_tokens " + usage.cacheCreationInputTokens()
                    + ", cache_read_input_tokens " + usage.cacheReadInputTokens() + ", output_tokens "
                    + usage.outputTokens() + ")");
        }
    }

    private static String breakdownMismatch(long write5m, long write1h, Usage usage) {
        String sum;
        try {
            sum = " = " + Math.addExact(write5m, write1h);
        } catch (ArithmeticException e) {
            sum = "";
        }
        return "cache_creation.ephemeral_5m_input_tokens (" + write5m
                + ") + cache_creation.ephemeral_1h_input_tokens (" + write1h + ")" + sum
                + ", but cache_creation_input_tokens is " + usage.cacheCreationInputTokens();
    }

    /**
     * {@code tokens x nanosPerMTok x num / (1,000,000 x den)}, rounded half-even once. Exact in {@code long} when it
     * fits, else exact in {@link BigInteger}; throws {@link ArithmeticException} if the result exceeds a long.
     */
    static long line(long tokens, long nanosPerMTok, long num, long den) {
        if (tokens == 0 || nanosPerMTok == 0 || num == 0) {
            return 0;
        }
        long numerator;
        long denominator;
        try {
            numerator = Math.multiplyExact(Math.multiplyExact(tokens, nanosPerMTok), num);
            denominator = Math.multiplyExact(TOKENS_PER_MTOK, den);
        } catch (ArithmeticException overflow) {
            return lineExactBig(tokens, nanosPerMTok, num, den);
        }
        return divideHalfEven(numerator, denominator);
    }

    /** {@code numerator / denominator} for non-negative operands, rounded half-even. */
    static long divideHalfEven(long numerator, long denominator) {
        long quotient = numerator / denominator;
        long remainder = numerator % denominator;
        long rest = denominator - remainder; // distance to the next multiple; no overflow, both non-negative
        if (remainder > rest || (remainder == rest && (quotient & 1) == 1)) {
            quotient++;
        }
        return quotient;
    }

    private static long lineExactBig(long tokens, long nanosPerMTok, long num, long den) {
        BigInteger numerator = BigInteger.valueOf(tokens)
                .multiply(BigInteger.valueOf(nanosPerMTok))
                .multiply(BigInteger.valueOf(num));
        BigInteger denominator = BIG_TOKENS_PER_MTOK.multiply(BigInteger.valueOf(den));
        return new java.math.BigDecimal(numerator)
                .divide(new java.math.BigDecimal(denominator), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }
}
