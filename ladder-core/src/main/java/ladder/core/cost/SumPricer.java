package ladder.core.cost;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.TimeWindow;
import ladder.core.ledger.UsageQuery;
import ladder.core.ledger.UsageSums;
import ladder.core.price.Factor;
import ladder.core.price.LongContextRule;
import ladder.core.price.ModelPrice;
import ladder.core.price.PriceCatalog;

/**
 * Prices aggregated token sums ({@link UsageSums}) with a catalog, for reports and counterfactuals: "these tokens at
 * Opus rates", "these cache reads as plain input", "these batch calls at full rate".
 *
 * <p>Exactness: the sums a {@link #query} asks for are split by price period (every instant where any catalog entry
 * starts or ends inside the window) and by long-context bucket (every threshold any entry uses), so every attempt in
 * one sum is priced by the same rates and factors. Pricing is linear per token class, so pricing the sum equals the
 * exact sum of the attempts' unrounded prices. The only difference to summing the attempts' recorded prices is their
 * rounding: each priced line of an attempt is rounded once to a nano-dollar (at most 0.5 nano-dollar off), so a sum
 * priced here differs from the sum of per-attempt prices by at most {@code 0.5 x lines x attempts} nano-dollars
 * (under 4 nano-dollars per attempt with 7 lines; $0.04 over ten million attempts). Reports therefore use recorded
 * costs for what was spent and this pricer only for what would have been spent otherwise.
 */
public final class SumPricer {

    private static final BigInteger TOKENS_PER_MTOK = BigInteger.valueOf(1_000_000);

    private final PriceCatalog catalog;
    private final TimeWindow window;
    private final List<Instant> boundaries;
    private final List<Long> thresholds;

    /** A pricer for sums over {@code window} with {@code catalog}. */
    public SumPricer(PriceCatalog catalog, TimeWindow window) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.window = Objects.requireNonNull(window, "window");
        TreeSet<Instant> cuts = new TreeSet<>();
        TreeSet<Long> limits = new TreeSet<>();
        for (ModelPrice p : catalog.entries()) {
            for (Instant at : List.of(p.effectiveFrom(), p.effectiveTo())) {
                if (at.isAfter(window.from()) && at.isBefore(window.to())) {
                    cuts.add(at);
                }
            }
            if (p.longContext() instanceof LongContextRule.Premium premium) {
                limits.add(premium.thresholdInputTokens());
            }
        }
        this.boundaries = List.copyOf(cuts);
        this.thresholds = List.copyOf(limits);
    }

    /** The catalog. */
    public PriceCatalog catalog() {
        return catalog;
    }

    /** The query for sums over this pricer's window, split so that {@link #price} is exact. */
    public UsageQuery query(List<Dimension> keys, UsageQuery.Filter filter) {
        return new UsageQuery(window, keys, boundaries, thresholds, filter);
    }

    /** An instant inside period {@code index} of the query: every price in force there is in force all period. */
    public Instant instantOf(int period) {
        if (period < 0 || period > boundaries.size()) {
            throw new IllegalArgumentException("period must be 0.." + boundaries.size() + ", was " + period);
        }
        return period == 0 ? window.from() : boundaries.get(period - 1);
    }

    /** The price of {@code model} in force during {@code sums}' period, or empty when it has none. */
    public Optional<ModelPrice> priceOf(ModelId model, UsageSums sums) {
        return catalog.find(model, instantOf(sums.period()));
    }

    /**
     * The sums priced at {@code model}'s rates.
     *
     * @param batch whether to apply the batch factor
     * @param cacheAsInput whether to price cache writes and reads as uncached input ("no caching")
     * @return empty when the model has no price in force
     */
    public Optional<Money> price(UsageSums sums, ModelId model, boolean batch, boolean cacheAsInput) {
        return priceOf(model, sums).map(p -> {
            Lines l = lines(p, sums, batch);
            long cached = sums.cacheWrite5mTokens() + sums.cacheWrite1hTokens() + sums.cacheReadTokens();
            BigInteger input = cacheAsInput
                    ? l.in(sums.inputTokens() + cached, p.inputNanosPerMTok())
                    : l.in(sums.inputTokens(), p.inputNanosPerMTok())
                            .add(l.in(sums.cacheWrite5mTokens(), p.cacheWrite5mNanosPerMTok()))
                            .add(l.in(sums.cacheWrite1hTokens(), p.cacheWrite1hNanosPerMTok()))
                            .add(l.in(sums.cacheReadTokens(), p.cacheReadNanosPerMTok()));
            BigInteger output = l.out(sums.outputTokens(), p.outputNanosPerMTok());
            long tools = Math.addExact(
                    Math.multiplyExact(sums.webSearchRequests(), p.webSearchNanosPerRequest()),
                    Math.multiplyExact(sums.webFetchRequests(), p.webFetchNanosPerRequest()));
            return Money.ofNanos(Math.addExact(l.round(input.add(output)), tools));
        });
    }

    /** What the cache writes cost above the same tokens at the uncached input rate; empty when unpriced. */
    public Optional<Money> writePremium(UsageSums sums) {
        return priceOf(sums.model(), sums).map(p -> {
            Lines l = lines(p, sums, sums.batch());
            BigInteger writes = l.in(sums.cacheWrite5mTokens(), p.cacheWrite5mNanosPerMTok())
                    .add(l.in(sums.cacheWrite1hTokens(), p.cacheWrite1hNanosPerMTok()));
            BigInteger base = l.in(sums.cacheWrite5mTokens() + sums.cacheWrite1hTokens(), p.inputNanosPerMTok());
            return Money.ofNanos(l.round(writes.subtract(base)));
        });
    }

    /** What the cache reads saved against the same tokens at the uncached input rate; empty when unpriced. */
    public Optional<Money> readSavings(UsageSums sums) {
        return priceOf(sums.model(), sums).map(p -> {
            Lines l = lines(p, sums, sums.batch());
            BigInteger base = l.in(sums.cacheReadTokens(), p.inputNanosPerMTok());
            BigInteger reads = l.in(sums.cacheReadTokens(), p.cacheReadNanosPerMTok());
            return Money.ofNanos(l.round(base.subtract(reads)));
        });
    }

    /**
     * What cache writes cost above reading the same tokens instead (the loss of a miss that should have hit); empty
     * when unpriced.
     */
    public Optional<Money> missCost(ModelId model, UsageSums sums) {
        return priceOf(model, sums).map(p -> {
            Lines l = lines(p, sums, sums.batch());
            BigInteger writes = l.in(sums.cacheWrite5mTokens(), p.cacheWrite5mNanosPerMTok())
                    .add(l.in(sums.cacheWrite1hTokens(), p.cacheWrite1hNanosPerMTok()));
            BigInteger reads = l.in(sums.cacheWrite5mTokens() + sums.cacheWrite1hTokens(), p.cacheReadNanosPerMTok());
            return Money.ofNanos(l.round(writes.subtract(reads)));
        });
    }

    private Lines lines(ModelPrice p, UsageSums sums, boolean batch) {
        Factor b = batch ? p.batchFactor() : Factor.ONE;
        BigInteger inNum = BigInteger.valueOf(b.numerator());
        BigInteger inDen = BigInteger.valueOf(b.denominator());
        BigInteger outNum = inNum;
        BigInteger outDen = inDen;
        if (p.longContext() instanceof LongContextRule.Premium premium
                && sums.longContextBucket() > thresholds.indexOf(premium.thresholdInputTokens())) {
            inNum = inNum.multiply(BigInteger.valueOf(premium.inputFactor().numerator()));
            inDen = inDen.multiply(BigInteger.valueOf(premium.inputFactor().denominator()));
            outNum = outNum.multiply(BigInteger.valueOf(premium.outputFactor().numerator()));
            outDen = outDen.multiply(BigInteger.valueOf(premium.outputFactor().denominator()));
        }
        // Common denominator for input and output lines so one rounding covers the whole amount.
        BigInteger den = inDen.multiply(outDen).multiply(TOKENS_PER_MTOK);
        return new Lines(inNum.multiply(outDen), outNum.multiply(inDen), den);
    }

    /** Unrounded line amounts over a common denominator. */
    private record Lines(BigInteger inScale, BigInteger outScale, BigInteger denominator) {

        BigInteger in(long tokens, long nanosPerMTok) {
            return BigInteger.valueOf(tokens)
                    .multiply(BigInteger.valueOf(nanosPerMTok))
                    .multiply(inScale);
        }

        BigInteger out(long tokens, long nanosPerMTok) {
            return BigInteger.valueOf(tokens)
                    .multiply(BigInteger.valueOf(nanosPerMTok))
                    .multiply(outScale);
        }

        /** Rounds {@code numerator / denominator} half-even to a nano-dollar. */
        long round(BigInteger numerator) {
            return new java.math.BigDecimal(numerator)
                    .divide(new java.math.BigDecimal(denominator), 0, java.math.RoundingMode.HALF_EVEN)
                    .longValueExact();
        }
    }

    /** The instants where prices change inside the window, ascending (copied). */
    public List<Instant> boundaries() {
        return new ArrayList<>(boundaries);
    }
}
