package ladder.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import ladder.core.ModelId;
import ladder.core.Usage;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.price.ModelPrice;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants of {@link CostCalculator} over random usage and every model of the default catalog. */
class CostCalculatorProperties {

    private static final Instant AT = Instant.parse("2026-07-01T00:00:00Z");
    private static final List<ModelPrice> MODELS = DefaultPriceCatalog.get().inForce(AT);
    private static final int CLASSES = 7; // input, 5m write, 1h write, read, output, web search, web fetch

    @Property
    void total_isNeverNegativeAndEqualsSumOfLineItems(
            @ForAll("models") ModelPrice model, @ForAll("usages") Usage usage, @ForAll boolean batch) {
        Cost cost = priced(model, usage, batch);

        assertThat(cost.totalNanos()).isNotNegative();
        assertThat(cost.lineItems())
                .allSatisfy(line -> assertThat(line.amount().isNegative()).isFalse());
        long sum = 0;
        for (Cost.LineItem line : cost.lineItems()) {
            sum = Math.addExact(sum, line.amount().nanos());
        }
        assertThat(cost.totalNanos()).isEqualTo(sum);
    }

    @Property
    void total_isMonotoneInEveryTokenClass(
            @ForAll("models") ModelPrice model,
            @ForAll("usages") Usage usage,
            @ForAll boolean batch,
            @ForAll @IntRange(min = 0, max = CLASSES - 1) int tokenClass,
            @ForAll @LongRange(min = 1, max = 500_000) long more) {
        Cost before = priced(model, usage, batch);
        Cost after = priced(model, grow(usage, tokenClass, more), batch);

        assertThat(after.totalNanos()).isGreaterThanOrEqualTo(before.totalNanos());
    }

    /**
     * No class makes another free or cheaper: adding tokens of one class never lowers the line of any other class
     * (the only cross-class effect is the long-context premium, which only raises lines).
     */
    @Property
    void lines_ofOtherClasses_neverFallWhenOneClassGrows(
            @ForAll("models") ModelPrice model,
            @ForAll("usages") Usage usage,
            @ForAll boolean batch,
            @ForAll @IntRange(min = 0, max = CLASSES - 1) int tokenClass,
            @ForAll @LongRange(min = 1, max = 500_000) long more) {
        List<Cost.LineItem> before = priced(model, usage, batch).lineItems();
        List<Cost.LineItem> after =
                priced(model, grow(usage, tokenClass, more), batch).lineItems();

        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).amount())
                    .isGreaterThanOrEqualTo(before.get(i).amount());
        }
    }

    /** A class with tokens and a rate of at least $1/MTok is never free: one token of it costs >= 1 nano-dollar. */
    @Property
    void line_withTokensAndARate_isNeverZero(
            @ForAll("models") ModelPrice model,
            @ForAll("usages") Usage usage,
            @ForAll @IntRange(min = 0, max = 4) int tokenClass) {
        Usage grown = grow(usage, tokenClass, 1);
        Cost cost = priced(model, grown, true);

        assertThat(cost.lineItems().get(tokenClass).amount().nanos()).isPositive();
    }

    /**
     * Batch is exactly half. Precisely: every default-catalog rate is a multiple of 10,000,000 nano-dollars per
     * MTok ($0.01), so {@code tokens x rate x factors} is divisible by {@code 1,000,000 x 2} for every token count
     * and no line rounds at all, batched or not. Hence, for usage without server tools (which batch does not
     * discount), {@code 2 x batched total == unbatched total} exactly, line by line.
     */
    @Property
    void batch_isExactlyHalfOfEveryTokenLine(@ForAll("models") ModelPrice model, @ForAll("usages") Usage usage) {
        Usage tokensOnly = usage.withServerToolUse(Usage.ServerToolUse.NONE);
        assertThat(model.inputNanosPerMTok() % 10_000_000).isZero();

        Cost full = priced(model, tokensOnly, false);
        Cost batched = priced(model, tokensOnly, true);

        assertThat(Math.multiplyExact(batched.totalNanos(), 2)).isEqualTo(full.totalNanos());
        for (int i = 0; i < CLASSES; i++) {
            assertThat(batched.lineItems().get(i).amount().times(2))
                    .isEqualTo(full.lineItems().get(i).amount());
        }
    }

    /**
     * For arbitrary rates (where lines may round), batch is half to within the rounding: each of the five token
     * lines is rounded once, so {@code |2 x batched - unbatched|} is at most 5 nano-dollars.
     */
    @Property
    void batch_withArbitraryRates_isHalfWithinOneNanoPerLine(
            @ForAll @LongRange(min = 0, max = 100_000_000_000L) long rate, @ForAll("usages") Usage usage) {
        ModelPrice price = ModelPrice.builder(ModelId.of("any"), ladder.core.Tier.SMALL)
                .rates(rate, rate)
                .cacheRates(rate, rate, rate)
                .effectiveFrom(Instant.EPOCH)
                .source("property")
                .build();
        Usage tokensOnly = usage.withServerToolUse(Usage.ServerToolUse.NONE);

        long full = priced(price, tokensOnly, false).totalNanos();
        long batched = priced(price, tokensOnly, true).totalNanos();

        assertThat(Math.abs(2 * batched - full)).isLessThanOrEqualTo(5 * 2);
    }

    @Provide
    Arbitrary<ModelPrice> models() {
        return Arbitraries.of(MODELS);
    }

    @Provide
    Arbitrary<Usage> usages() {
        Arbitrary<Long> tokens = Arbitraries.longs().between(0, 2_000_000).edgeCases(e -> e.add(0L));
        Arbitrary<Long> requests = Arbitraries.longs().between(0, 50);
        Arbitrary<Usage> base = Combinators.combine(tokens, tokens, tokens, tokens, tokens, requests, requests)
                .as((input, output, write5m, write1h, read, search, fetch) -> new Usage(
                        input,
                        output,
                        write5m + write1h,
                        read,
                        new Usage.CacheCreation.Split(write5m, write1h),
                        new Usage.ServerToolUse(search, fetch),
                        ""));
        Arbitrary<Usage> unspecified = Combinators.combine(tokens, tokens, tokens, tokens)
                .as((input, output, write, read) -> Usage.of(input, output, write, read));
        return Arbitraries.oneOf(base, unspecified);
    }

    private static Usage grow(Usage usage, int tokenClass, long more) {
        Usage.CacheCreation split = usage.cacheCreation();
        long w5 = split instanceof Usage.CacheCreation.Split s
                ? s.ephemeral5mInputTokens()
                : usage.cacheCreationInputTokens();
        long w1 = split instanceof Usage.CacheCreation.Split s ? s.ephemeral1hInputTokens() : 0;
        long input = usage.inputTokens();
        long read = usage.cacheReadInputTokens();
        long output = usage.outputTokens();
        long search = usage.serverToolUse().webSearchRequests();
        long fetch = usage.serverToolUse().webFetchRequests();
        switch (tokenClass) {
            case 0 -> input += more;
            case 1 -> w5 += more;
            case 2 -> w1 += more;
            case 3 -> read += more;
            case 4 -> output += more;
            case 5 -> search += more;
            default -> fetch += more;
        }
        return new Usage(
                input,
                output,
                w5 + w1,
                read,
                new Usage.CacheCreation.Split(w5, w1),
                new Usage.ServerToolUse(search, fetch),
                "");
    }

    private static Cost priced(ModelPrice price, Usage usage, boolean batch) {
        CostResult result = CostCalculator.price(price, usage, batch);
        assertThat(result).isInstanceOf(CostResult.Priced.class);
        return ((CostResult.Priced) result).cost();
    }
}
