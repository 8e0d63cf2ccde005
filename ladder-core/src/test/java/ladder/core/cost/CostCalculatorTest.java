package ladder.core.cost;

import static ladder.core.cost.DoubleCountedCacheWriteRegressionTest.priced;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;
import ladder.core.Usage;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.price.ModelPrice;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CostCalculatorTest {

    private static final Instant AT = Instant.parse("2026-07-01T00:00:00Z");
    private static final CostCalculator CALCULATOR = new CostCalculator(DefaultPriceCatalog.get());

    static Stream<Arguments> handComputed() {
        return Stream.of(
                // model, usage, batch, expected total USD -- each computed by hand from the published rates
                Arguments.of("claude-haiku-4-5", Usage.of(1_000_000, 1_000_000, 0, 0), false, "6.00"), // $1 + $5
                Arguments.of("claude-haiku-4-5", Usage.of(0, 0, 0, 1_000_000), false, "0.10"), // read 0.1x
                Arguments.of("claude-haiku-4-5", Usage.of(0, 0, 1_000_000, 0), false, "1.25"), // no split: 5m
                Arguments.of(
                        "claude-haiku-4-5",
                        Usage.of(0, 0, 1_000_000, 0).withCacheCreation(new Usage.CacheCreation.Split(0, 1_000_000)),
                        false,
                        "2.00"), // 1h write 2x
                Arguments.of(
                        "claude-haiku-4-5",
                        Usage.of(0, 0, 1_000_000, 0).withCacheCreation(new Usage.CacheCreation.Split(400_000, 600_000)),
                        false,
                        "1.70"), // 0.4 x 1.25 + 0.6 x 2
                Arguments.of("claude-haiku-4-5", Usage.of(1_000_000, 1_000_000, 0, 0), true, "3.00"), // batch half
                Arguments.of("claude-haiku-4-5", Usage.of(0, 0, 1_000_000, 0), true, "0.625"), // batch x 5m write
                Arguments.of("claude-3-haiku-20240307", Usage.of(0, 0, 0, 1_000_000), false, "0.03"), // own read rate
                Arguments.of("claude-3-haiku-20240307", Usage.of(0, 0, 0, 1_000_000), true, "0.015"),
                Arguments.of("claude-3-haiku-20240307", Usage.of(0, 0, 1_000_000, 0), false, "0.30"), // 1.2x write
                Arguments.of("claude-3-5-haiku-20241022", Usage.of(1_000_000, 1_000_000, 0, 0), false, "4.80"),
                Arguments.of(
                        "claude-fable-5", Usage.of(1_000, 1_000, 1_000, 1_000), false, "0.07350"), // .01+.05+.0125+.001
                Arguments.of(
                        "claude-opus-4-1",
                        Usage.of(0, 0, 1_000_000, 0).withCacheCreation(new Usage.CacheCreation.Split(0, 1_000_000)),
                        true,
                        "15.00"), // $30 1h write, halved
                // Sonnet 4.5: 150K input + 60K read = 210K > 200K: input 2x, read 2x, output 1.5x
                Arguments.of("claude-sonnet-4-5", Usage.of(150_000, 1_000, 0, 60_000), false, "0.9585"),
                // exactly 200K is not above the threshold
                Arguments.of("claude-sonnet-4-5", Usage.of(200_000, 0, 0, 0), false, "0.60"),
                // 200,001 is: 200,001 x $6/MTok
                Arguments.of("claude-sonnet-4-5", Usage.of(200_001, 0, 0, 0), false, "1.200006"),
                // long context stacks with batch: 300K x $3 x 2 x 0.5 + 1K x $15 x 1.5 x 0.5
                Arguments.of("claude-sonnet-4-0", Usage.of(300_000, 1_000, 0, 0), true, "0.91125"),
                // Sonnet 4.6 and Opus 4.8 have no long-context premium
                Arguments.of("claude-sonnet-4-6", Usage.of(500_000, 0, 0, 0), false, "1.50"),
                Arguments.of("claude-opus-4-8", Usage.of(900_000, 10_000, 0, 0), false, "4.75"),
                // web search: $10 per 1,000 requests, not discounted by batch
                Arguments.of(
                        "claude-sonnet-4-6",
                        Usage.EMPTY.withServerToolUse(new Usage.ServerToolUse(3, 5)),
                        false,
                        "0.03"),
                Arguments.of(
                        "claude-sonnet-4-6",
                        Usage.of(1_000_000, 0, 0, 0).withServerToolUse(new Usage.ServerToolUse(3, 0)),
                        true,
                        "1.53"),
                Arguments.of("claude-haiku-4-5", Usage.EMPTY, false, "0.00"));
    }

    @ParameterizedTest(name = "{0} {1} batch={2} -> ${3}")
    @MethodSource("handComputed")
    void price_handComputedCase_matchesExactly(String model, Usage usage, boolean batch, String expectedUsd) {
        Cost cost = priced(CALCULATOR.price(ModelId.of(model), usage, batch, AT));

        assertThat(cost.total()).isEqualTo(Money.parseUsd(expectedUsd));
    }

    @Test
    void price_lineItems_areDisjointAndSumToTotal() {
        Usage usage = Usage.of(10, 20, 30, 40).withCacheCreation(new Usage.CacheCreation.Split(12, 18));

        Cost cost = priced(CALCULATOR.price(ModelId.HAIKU_4_5, usage, false, AT));

        // $1/MTok input, 1.25 5m, 2 1h, 0.10 read, $5 output: nanos = tokens x rate / 1e6
        assertThat(cost.uncachedInputNanos()).isEqualTo(10_000);
        assertThat(cost.cacheWrite5mNanos()).isEqualTo(15_000);
        assertThat(cost.cacheWrite1hNanos()).isEqualTo(36_000);
        assertThat(cost.cacheReadNanos()).isEqualTo(4_000);
        assertThat(cost.outputNanos()).isEqualTo(100_000);
        assertThat(cost.totalNanos()).isEqualTo(165_000);
        assertThat(cost.lineItems().stream().mapToLong(l -> l.amount().nanos()).sum())
                .isEqualTo(cost.totalNanos());
        assertThat(cost.lineItems())
                .extracting(Cost.LineItem::quantity)
                .containsExactly(10L, 12L, 18L, 40L, 20L, 0L, 0L);
    }

    @Test
    void price_keepsCanonicalModelAndPriceVersion() {
        Cost cost = priced(CALCULATOR.price(
                ModelId.of("us.anthropic.claude-haiku-4-5-20251001-v1:0"), Usage.of(1, 1, 0, 0), false, AT));

        assertThat(cost.model()).isEqualTo(ModelId.HAIKU_4_5);
        assertThat(cost.priceVersion()).isEqualTo("anthropic/claude-haiku-4-5@2025-10-15");
    }

    @Test
    void price_unknownModel_isUnpricedNotZero() {
        CostResult result = CALCULATOR.price(ModelId.of("claude-nonexistent-9"), Usage.of(1, 1, 0, 0), false, AT);

        assertThat(result).isEqualTo(new CostResult.Unpriced(ModelId.of("claude-nonexistent-9")));
    }

    @Test
    void price_beforeModelWasReleased_isUnpriced() {
        CostResult result =
                CALCULATOR.price(ModelId.FABLE_5, Usage.of(1, 1, 0, 0), false, Instant.parse("2026-06-08T23:59:59Z"));

        assertThat(result).isInstanceOf(CostResult.Unpriced.class);
    }

    @Test
    void price_breakdownNotAddingUp_isInvalidUsageNamingFieldsAndNumbers() {
        Usage usage = Usage.of(1, 1, 200, 0).withCacheCreation(new Usage.CacheCreation.Split(100, 50));

        CostResult result = CALCULATOR.price(ModelId.HAIKU_4_5, usage, false, AT);

        assertThat(result)
                .isEqualTo(new CostResult.InvalidUsage("cache_creation.ephemeral_5m_input_tokens (100)"
                        + " + cache_creation.ephemeral_1h_input_tokens (50) = 150,"
                        + " but cache_creation_input_tokens is 200"));
    }

    @Test
    void price_countsTooLargeForNanoDollars_isInvalidUsage() {
        Usage usage = Usage.of(0, Long.MAX_VALUE / 2, 0, 0);

        CostResult result = CALCULATOR.price(ModelId.OPUS_4_1, usage, false, AT);

        assertThat(result).isInstanceOf(CostResult.InvalidUsage.class);
        assertThat(((CostResult.InvalidUsage) result).message()).startsWith("usage too large to price exactly");
    }

    @Nested
    class Rounding {

        @ParameterizedTest(name = "{0}/{1} -> {2}")
        @CsvSource({"0,10,0", "4,10,0", "5,10,0", "6,10,1", "14,10,1", "15,10,2", "25,10,2", "26,10,3", "35,10,4"})
        void divideHalfEven_roundsTiesToEven(long numerator, long denominator, long expected) {
            assertThat(CostCalculator.divideHalfEven(numerator, denominator)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} tokens x {1} nanos/MTok x {2}/{3} -> {4}")
        @CsvSource({
            "1, 500000, 1, 1, 0", // 0.5 nano -> 0 (even)
            "3, 500000, 1, 1, 2", // 1.5 -> 2
            "5, 500000, 1, 1, 2", // 2.5 -> 2
            "1, 100000000, 1, 1, 100", // one Haiku 4.5 cache-read token: exactly 100 nano-dollars
            "1, 30000000, 1, 2, 15", // one batched Haiku 3 read: 15 nano-dollars
            "7, 1, 1, 1, 0"
        })
        void line_roundsOnceHalfEven(long tokens, long rate, long num, long den, long expected) {
            assertThat(CostCalculator.line(tokens, rate, num, den)).isEqualTo(expected);
        }

        @Test
        void line_beyondLongIntermediate_staysExactThroughBigInteger() {
            // 10^12 tokens x $75/MTok = $75,000,000 = 7.5e16 nanos; tokens x rate = 7.5e22 overflows a long
            assertThat(CostCalculator.line(1_000_000_000_000L, 75_000_000_000L, 3, 2))
                    .isEqualTo(112_500_000_000_000_000L);
        }

        @Test
        void price_sumOfSeparatelyRoundedLines_isTheTotal() {
            ModelPrice tiny = ModelPrice.builder(ModelId.of("tiny"), Tier.SMALL)
                    .rates(500_000, 500_000)
                    .cacheRates(500_000, 500_000, 500_000)
                    .effectiveFrom(Instant.EPOCH)
                    .source("test")
                    .build();

            Cost cost = priced(CostCalculator.price(tiny, Usage.of(3, 3, 3, 3), false));

            // each line 1.5 nanos -> 2, rounded per line, so the total is 8, not round(6) = 6
            assertThat(cost.totalNanos()).isEqualTo(8);
        }
    }
}
