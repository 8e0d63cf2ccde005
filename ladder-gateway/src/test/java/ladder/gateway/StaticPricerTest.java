package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Usage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaticPricerTest {

    private final StaticPricer pricer = new StaticPricer();
    private static final Instant AT = Instant.parse("2026-11-01T00:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "claude-haiku-4-5, 1000000, 0, false, 1.00",
        "claude-haiku-4-5, 0, 1000000, false, 5.00",
        "claude-sonnet-4-6, 1000, 500, false, 0.0105",
        "claude-opus-4-8, 1000000, 1000000, true, 15.00",
        "claude-fable-5, 1, 1, false, 0.00006",
        "claude-haiku-4-5-20251001, 1000000, 0, false, 1.00"
    })
    void cost_inputOutput_exact(String model, long in, long out, boolean batch, String usd) {
        assertThat(pricer.cost(ModelId.of(model), Usage.of(in, out, 0, 0), batch, AT))
                .contains(Money.parseUsd(usd));
    }

    @Test
    void cost_cacheWritesAndReads_useMultipliers() {
        Usage usage = Usage.of(0, 0, 3_000_000, 1_000_000)
                .withCacheCreation(new Usage.CacheCreation.Split(2_000_000, 1_000_000));
        // Haiku: 2M x $1.25 + 1M x $2 + 1M x $0.10
        assertThat(pricer.cost(ModelId.HAIKU_4_5, usage, false, AT)).contains(Money.parseUsd("4.60"));
    }

    @Test
    void cost_oneCacheReadToken_isTenthOfAMicroDollar() {
        assertThat(pricer.cost(ModelId.HAIKU_4_5, Usage.of(0, 0, 0, 1), false, AT))
                .contains(Money.ofNanos(100));
    }

    @Test
    void cost_unknownModel_isUnpriced() {
        assertThat(pricer.cost(ModelId.of("gpt-9"), Usage.of(1, 1, 0, 0), false, AT))
                .isEmpty();
    }

    @Property(tries = 200)
    void cost_moreOutput_neverCheaper(
            @ForAll @LongRange(min = 0, max = 10_000_000) long out, @ForAll @LongRange(min = 0, max = 1000) long more) {
        Money a = pricer.cost(ModelId.SONNET_4_6, Usage.of(10, out, 0, 0), false, AT)
                .orElseThrow();
        Money b = pricer.cost(ModelId.SONNET_4_6, Usage.of(10, out + more, 0, 0), false, AT)
                .orElseThrow();
        assertThat(b).isGreaterThanOrEqualTo(a);
    }
}
