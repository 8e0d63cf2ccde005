package ladder.core.route;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;

/**
 * A {@link ModelLadder} with a fixed mapping and fixed rates, for tests, benchmarks and the CLI until the versioned
 * catalog is adapted to the port. {@link #standard()} maps small to Haiku 4.5 ($1/$5 per MTok), medium to Sonnet
 * 4.6 ($3/$15), large to Opus 4.8 ($5/$25) and frontier to Fable 5 ($10/$50).
 */
public final class FixedModelLadder implements ModelLadder {

    /** The version id {@link #standard()} reports. */
    public static final String STANDARD_VERSION = "fixed-2026-01";

    private final Map<Tier, ModelId> models;
    private final Map<ModelId, Tier> tiers;
    private final Map<ModelId, long[]> rates; // [input, output] nano-dollars per million tokens
    private final String version;

    private FixedModelLadder(Map<Tier, ModelId> models, Map<ModelId, long[]> rates, String version) {
        this.models = new EnumMap<>(models);
        this.tiers = new HashMap<>();
        models.forEach((tier, model) -> tiers.put(model, tier));
        this.rates = Map.copyOf(rates);
        this.version = Objects.requireNonNull(version, "version");
    }

    /** The standard four-rung ladder described on the class. */
    public static FixedModelLadder standard() {
        return standard(STANDARD_VERSION);
    }

    /** The standard ladder reporting price version {@code version}. */
    public static FixedModelLadder standard(String version) {
        Map<Tier, ModelId> models = new EnumMap<>(Tier.class);
        models.put(Tier.SMALL, ModelId.HAIKU_4_5);
        models.put(Tier.MEDIUM, ModelId.SONNET_4_6);
        models.put(Tier.LARGE, ModelId.OPUS_4_8);
        models.put(Tier.FRONTIER, ModelId.FABLE_5);
        return new FixedModelLadder(
                models,
                Map.of(
                        ModelId.HAIKU_4_5, usdPerMTok(1, 5),
                        ModelId.SONNET_4_6, usdPerMTok(3, 15),
                        ModelId.OPUS_4_8, usdPerMTok(5, 25),
                        ModelId.FABLE_5, usdPerMTok(10, 50)),
                version);
    }

    @Override
    public Optional<ModelId> modelFor(Tier tier, Instant at) {
        return Optional.ofNullable(models.get(tier));
    }

    @Override
    public Optional<Tier> tierOf(ModelId model, Instant at) {
        return Optional.ofNullable(tiers.get(model));
    }

    @Override
    public Optional<Money> worstCaseCost(ModelId model, long inputTokens, long maxOutputTokens, Instant at) {
        long[] rate = rates.get(model);
        if (rate == null) {
            return Optional.empty();
        }
        // tokens x rate is exact; divide by a million once, rounding half-even (STYLE.md, money)
        BigInteger total = BigInteger.valueOf(inputTokens)
                .multiply(BigInteger.valueOf(rate[0]))
                .add(BigInteger.valueOf(maxOutputTokens).multiply(BigInteger.valueOf(rate[1])));
        long nanos = new java.math.BigDecimal(total)
                .movePointLeft(6)
                .setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
        return Optional.of(Money.ofNanos(nanos));
    }

    @Override
    public String priceVersion(Instant at) {
        return version;
    }

    private static long[] usdPerMTok(long input, long output) {
        return new long[] {input * Money.NANOS_PER_USD, output * Money.NANOS_PER_USD};
    }
}
