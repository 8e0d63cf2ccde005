package ladder.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;
import ladder.core.Usage;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.price.ModelPrice;
import org.junit.jupiter.api.Test;

/**
 * Gateways have billed cache writes twice: once as input and once as a cache write. Cache-creation tokens are
 * disjoint from {@code input_tokens} and are billed once, at the write rate.
 */
class DoubleCountedCacheWriteRegressionTest {

    private static final Instant AT = Instant.parse("2026-07-01T00:00:00Z");

    @Test
    void price_sonnetRatesWithCacheWrite_costs0_054399NotThe0_0913OnceBilled() {
        ModelPrice price = ModelPrice.builder(ModelId.of("sonnet-like"), Tier.MEDIUM)
                .rates(Money.parseUsd("3").nanos(), Money.parseUsd("15").nanos())
                .cacheWrite5m(Money.parseUsd("3.75").nanos())
                .effectiveFrom(Instant.EPOCH)
                .source("test")
                .build();
        Usage usage = Usage.of(3, 550, 12_304, 0);

        Cost cost = priced(CostCalculator.price(price, usage, false));

        assertThat(cost.total()).isEqualTo(Money.parseUsd("0.054399"));
        assertThat(cost.total()).isNotEqualTo(Money.parseUsd("0.0913"));
    }

    @Test
    void price_opusRatesWithLargeCacheWrite_costs1_06376125NotThe1_86OnceBilled() {
        ModelPrice price = ModelPrice.builder(ModelId.of("opus-like"), Tier.LARGE)
                .rates(Money.parseUsd("5").nanos(), Money.parseUsd("25").nanos())
                .cacheWrite5m(Money.parseUsd("6.25").nanos())
                .effectiveFrom(Instant.EPOCH)
                .source("test")
                .build();
        Usage usage = Usage.of(6, 2_745, 159_217, 0);

        Cost cost = priced(CostCalculator.price(price, usage, false));

        assertThat(cost.total()).isEqualTo(Money.parseUsd("1.06376125"));
    }

    @Test
    void price_sameUsagesThroughDefaultCatalog_matchSonnet46AndOpus48() {
        CostCalculator calculator = new CostCalculator(DefaultPriceCatalog.get());

        Cost sonnet = priced(calculator.price(ModelId.SONNET_4_6, Usage.of(3, 550, 12_304, 0), false, AT));
        Cost opus = priced(calculator.price(ModelId.OPUS_4_8, Usage.of(6, 2_745, 159_217, 0), false, AT));

        assertThat(sonnet.total().toUsdString()).isEqualTo("0.054399");
        assertThat(opus.total().toUsdString()).isEqualTo("1.06376125");
    }

    static Cost priced(CostResult result) {
        assertThat(result).isInstanceOf(CostResult.Priced.class);
        return ((CostResult.Priced) result).cost();
    }
}
