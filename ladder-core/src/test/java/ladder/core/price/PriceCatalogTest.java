package ladder.core.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriceCatalogTest {

    private static final Instant AT = Instant.parse("2026-07-01T00:00:00Z");
    private static final PriceCatalog DEFAULTS = DefaultPriceCatalog.get();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "claude-haiku-4-5, claude-haiku-4-5",
        "claude-haiku-4-5-20251001, claude-haiku-4-5",
        "CLAUDE-HAIKU-4-5, claude-haiku-4-5",
        "anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5",
        "us.anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5",
        "eu.anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5",
        "apac.anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5",
        "global.anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0,"
                + " claude-sonnet-4-5",
        "anthropic.claude-opus-4-8, claude-opus-4-8",
        "global.anthropic.claude-sonnet-4-6, claude-sonnet-4-6",
        "claude-sonnet-4-5@20250929, claude-sonnet-4-5",
        "claude-opus-4-1@20250805, claude-opus-4-1",
        "claude-opus-4-8[1m], claude-opus-4-8",
        "claude-sonnet-4-20250514, claude-sonnet-4-0",
        "anthropic.claude-3-haiku-20240307-v1:0, claude-3-haiku-20240307",
        "claude-fable-5, claude-fable-5"
    })
    void find_aliasesAndPlatformForms_resolveToCanonicalId(String requested, String canonical) {
        assertThat(DEFAULTS.find(ModelId.of(requested), AT))
                .get()
                .extracting(ModelPrice::id)
                .isEqualTo(ModelId.of(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-unknown-9", "gpt-4o", "anthropic.titan-text-v1:0", "xx.yy.claude-haiku-4-5"})
    void find_unknownModel_isEmpty(String requested) {
        assertThat(DEFAULTS.find(ModelId.of(requested), AT)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}/{2}, 5m {3}, 1h {4}, read {5}")
    @CsvSource({
        "claude-haiku-4-5,  1,    5,    1.25,  2,    0.10",
        "claude-sonnet-4-6, 3,    15,   3.75,  6,    0.30",
        "claude-opus-4-8,   5,    25,   6.25,  10,   0.50",
        "claude-fable-5,    10,   50,   12.50, 20,   1",
        "claude-opus-4-1,   15,   75,   18.75, 30,   1.50",
        "claude-opus-4-5,   5,    25,   6.25,  10,   0.50",
        "claude-opus-4-0,   15,   75,   18.75, 30,   1.50",
        "claude-sonnet-4-5, 3,    15,   3.75,  6,    0.30",
        "claude-sonnet-4-0, 3,    15,   3.75,  6,    0.30",
        "claude-3-5-haiku-20241022, 0.80, 4, 1, 1.60, 0.08",
        "claude-3-haiku-20240307, 0.25, 1.25, 0.30, 0.50, 0.03"
    })
    void defaults_publishedRates_areExact(
            String id, String input, String output, String write5m, String write1h, String read) {
        ModelPrice price = DEFAULTS.find(ModelId.of(id), AT).orElseThrow();

        assertThat(price.inputNanosPerMTok()).isEqualTo(Money.parseUsd(input).nanos());
        assertThat(price.outputNanosPerMTok()).isEqualTo(Money.parseUsd(output).nanos());
        assertThat(price.cacheWrite5mNanosPerMTok())
                .isEqualTo(Money.parseUsd(write5m).nanos());
        assertThat(price.cacheWrite1hNanosPerMTok())
                .isEqualTo(Money.parseUsd(write1h).nanos());
        assertThat(price.cacheReadNanosPerMTok()).isEqualTo(Money.parseUsd(read).nanos());
        assertThat(price.batchFactor()).isEqualTo(Factor.HALF);
        assertThat(price.webSearchNanosPerRequest()).isEqualTo(10_000_000);
        assertThat(price.source()).isNotBlank();
    }

    @Test
    void defaults_tiersAndLongContext_asPublished() {
        assertThat(tierOf("claude-fable-5")).isEqualTo(Tier.FRONTIER);
        assertThat(tierOf("claude-opus-4-8")).isEqualTo(Tier.LARGE);
        assertThat(tierOf("claude-opus-4-1")).isEqualTo(Tier.LARGE);
        assertThat(tierOf("claude-sonnet-4-6")).isEqualTo(Tier.MEDIUM);
        assertThat(tierOf("claude-haiku-4-5")).isEqualTo(Tier.SMALL);
        assertThat(find("claude-sonnet-4-6").longContext()).isEqualTo(LongContextRule.None.INSTANCE);
        assertThat(find("claude-opus-4-8").longContext()).isEqualTo(LongContextRule.None.INSTANCE);
        assertThat(find("claude-sonnet-4-5").longContext())
                .isEqualTo(new LongContextRule.Premium(200_000, Factor.of(2, 1), Factor.of(3, 2)));
        assertThat(find("claude-opus-4-8").contextWindow()).isEqualTo(1_000_000);
        assertThat(find("claude-haiku-4-5").contextWindow()).isEqualTo(200_000);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "SMALL, claude-haiku-4-5",
        "MEDIUM, claude-sonnet-4-6",
        "LARGE, claude-opus-4-8",
        "FRONTIER, claude-fable-5"
    })
    void defaultForTier_mapsToCurrentModel(Tier tier, String id) {
        assertThat(DEFAULTS.defaultForTier(tier, AT))
                .get()
                .extracting(ModelPrice::id)
                .isEqualTo(ModelId.of(id));
    }

    @Test
    void defaultForTier_beforeTheModelExisted_isEmpty() {
        assertThat(DEFAULTS.defaultForTier(Tier.FRONTIER, Instant.parse("2026-01-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void inForce_listsEachModelOnceCheapestTierFirst() {
        List<ModelPrice> inForce = DEFAULTS.inForce(AT);

        assertThat(inForce).extracting(ModelPrice::id).doesNotHaveDuplicates().contains(ModelId.FABLE_5);
        assertThat(inForce.get(0).tier()).isEqualTo(Tier.SMALL);
        assertThat(inForce.get(inForce.size() - 1).id()).isEqualTo(ModelId.FABLE_5);
        assertThat(DEFAULTS.inForce(Instant.parse("2025-01-01T00:00:00Z")))
                .extracting(p -> p.id().value())
                .containsExactly("claude-3-haiku-20240307", "claude-3-5-haiku-20241022");
    }

    @Test
    void withOverrides_priceChange_isANewVersionAndOldCallsKeepTheOldPrice() {
        Instant july = Instant.parse("2026-07-01T00:00:00Z");
        ModelPrice cheaper = ModelPrice.builder(ModelId.SONNET_4_6, Tier.MEDIUM)
                .catalog("user")
                .rates(Money.parseUsd("2.70").nanos(), Money.parseUsd("13.50").nanos())
                .effectiveFrom(july)
                .source("negotiated")
                .build();
        PriceCatalog catalog = DEFAULTS.withOverrides("user", List.of(cheaper), Map.of());

        ModelPrice before = catalog.find(ModelId.of("claude-sonnet-4-6"), july.minusSeconds(1))
                .orElseThrow();
        ModelPrice after = catalog.find(ModelId.of("claude-sonnet-4-6"), july).orElseThrow();

        assertThat(before.versionId()).isEqualTo("anthropic/claude-sonnet-4-6@2026-02-17");
        assertThat(before.inputNanosPerMTok()).isEqualTo(3_000_000_000L);
        assertThat(after.versionId()).isEqualTo("user/claude-sonnet-4-6@2026-07-01");
        assertThat(after.cacheWrite5mNanosPerMTok()).isEqualTo(3_375_000_000L);
        assertThat(catalog.versionAt(july)).isEqualTo("anthropic@2026-06-09+user@2026-07-01");
        assertThat(catalog.versionAt(july.minusSeconds(1))).isEqualTo("anthropic@2026-06-09+user@none");
    }

    @Test
    void withOverrides_newModelAndTierDefault_extendTheCatalog() {
        ModelPrice custom = ModelPrice.builder(ModelId.of("acme-finetune-1"), Tier.SMALL)
                .aliases("acme-ft")
                .rates(500_000_000, 2_500_000_000L)
                .effectiveFrom(Instant.EPOCH)
                .source("acme")
                .build();
        PriceCatalog catalog = DEFAULTS.withOverrides("user", List.of(custom), Map.of(Tier.SMALL, custom.id()));

        assertThat(catalog.find(ModelId.of("acme-ft"), AT)).contains(custom);
        assertThat(catalog.defaultForTier(Tier.SMALL, AT)).contains(custom);
        assertThat(catalog.defaultForTier(Tier.MEDIUM, AT).orElseThrow().id()).isEqualTo(ModelId.SONNET_4_6);
        assertThat(DEFAULTS.find(ModelId.of("acme-ft"), AT)).isEmpty();
    }

    @Test
    void of_overlappingVersionsOfOneModel_areRejected() {
        ModelPrice first = simple("m", "2026-01-01T00:00:00Z");
        ModelPrice second = simple("m", "2026-03-01T00:00:00Z");

        assertThatThrownBy(() -> PriceCatalog.of("x", List.of(first, second), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x: two prices for m overlap in time: custom/m@2026-01-01 and custom/m@2026-03-01");
    }

    @Test
    void of_consecutiveVersions_pickTheOneInForce() {
        Instant march = Instant.parse("2026-03-01T00:00:00Z");
        ModelPrice first = ModelPrice.builder(ModelId.of("m"), Tier.SMALL)
                .rates(1, 1)
                .cacheRates(1, 1, 1)
                .effective(Instant.parse("2026-01-01T00:00:00Z"), march)
                .source("t")
                .build();
        ModelPrice second = simple("m", "2026-03-01T00:00:00Z");
        PriceCatalog catalog = PriceCatalog.of("x", List.of(first, second), Map.of());

        assertThat(catalog.find(ModelId.of("m"), march.minusNanos(1))).contains(first);
        assertThat(catalog.find(ModelId.of("m"), march)).contains(second);
    }

    @Test
    void of_aliasNamingTwoModels_isRejected() {
        ModelPrice a = ModelPrice.builder(ModelId.of("a"), Tier.SMALL)
                .aliases("shared")
                .rates(0, 0)
                .effectiveFrom(Instant.EPOCH)
                .source("t")
                .build();
        ModelPrice b = ModelPrice.builder(ModelId.of("b"), Tier.SMALL)
                .aliases("shared")
                .rates(0, 0)
                .effectiveFrom(Instant.EPOCH)
                .source("t")
                .build();

        assertThatThrownBy(() -> PriceCatalog.of("x", List.of(a, b), Map.of()))
                .hasMessage("x: 'shared' names two models: a and b");
    }

    @Test
    void builder_derivedCacheRateNotAWholeNanoDollar_isRejectedNamingTheField() {
        assertThatThrownBy(() -> ModelPrice.builder(ModelId.of("odd"), Tier.SMALL)
                        .rates(3, 3)
                        .effectiveFrom(Instant.EPOCH)
                        .source("t")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("odd: cache-write-5m as 1.25 x input (3 nano-dollars/MTok)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.5, 1/2", "1.5, 3/2", "2, 2/1", "1.25, 5/4", "0.10, 1/10", "3.000, 3/1"})
    void factorParse_exactDecimal_isReducedRational(String text, String expected) {
        Factor factor = Factor.parse(text);

        assertThat(factor.numerator() + "/" + factor.denominator()).isEqualTo(expected);
    }

    @Test
    void platformForms_reduceBedrockForm_inOrder() {
        assertThat(PriceCatalog.platformForms("us.anthropic.claude-haiku-4-5-20251001-v1:0"))
                .containsExactly("claude-haiku-4-5-20251001", "claude-haiku-4-5");
    }

    private static ModelPrice simple(String id, String from) {
        return ModelPrice.builder(ModelId.of(id), Tier.SMALL)
                .rates(1, 1)
                .cacheRates(1, 1, 1)
                .effectiveFrom(Instant.parse(from))
                .source("t")
                .build();
    }

    private static ModelPrice find(String id) {
        return DEFAULTS.find(ModelId.of(id), AT).orElseThrow();
    }

    private static Tier tierOf(String id) {
        return find(id).tier();
    }
}
