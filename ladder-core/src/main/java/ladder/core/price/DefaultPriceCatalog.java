package ladder.core.price;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import ladder.core.ModelId;
import ladder.core.Tier;

/**
 * The price catalog shipped with Ladder: Anthropic's published list prices for the Claude API.
 *
 * <p>Every entry names its source. Rates: uncached input and output as published; cache writes 1.25x input
 * (5-minute TTL) and 2x input (1-hour TTL) and cache reads 0.1x input unless the pricing page says otherwise; the
 * Message Batches API halves every token class; web search is $10 per 1,000 requests and web fetch has no fee.
 * Effective-from is the release date the model's overview page gives, or the date in its API id where no release
 * date was confirmed. Prices are changed by adding a new entry, never by editing one.
 *
 * <p>Tier defaults: small = Haiku 4.5, medium = Sonnet 4.6, large = Opus 4.8, frontier = Fable 5.
 */
public final class DefaultPriceCatalog {

    /** The layer name of this catalog, used in price version ids. */
    public static final String NAME = "anthropic";

    private static final String PRICING = "Anthropic pricing page (platform.claude.com/docs/en/about-claude/pricing)";
    private static final String LONG_CONTEXT = "; >200K input tokens: 2x input, 1.5x output on the whole request";
    private static final long ONE_MILLION = 1_000_000;
    private static final LongContextRule SONNET_4_LONG_CONTEXT =
            new LongContextRule.Premium(200_000, Factor.of(2, 1), Factor.of(3, 2));

    private static final PriceCatalog CATALOG = PriceCatalog.of(
            NAME,
            List.of(
                    // Frontier
                    model(ModelId.FABLE_5, Tier.FRONTIER, "10", "50", "2026-06-09")
                            .contextWindow(ONE_MILLION)
                            .source(PRICING + "; released 2026-06-09 (models/fable-5 overview), 1M context")
                            .build(),
                    // Large
                    model(ModelId.OPUS_4_8, Tier.LARGE, "5", "25", "2026-05-28")
                            .contextWindow(ONE_MILLION)
                            .source(PRICING + "; released 2026-05-28 (models/opus-4-8 overview), 1M context at"
                                    + " standard pricing")
                            .build(),
                    model("claude-opus-4-7", Tier.LARGE, "5", "25", "2026-04-16")
                            .contextWindow(ONE_MILLION)
                            .source(PRICING + "; launched 2026-04-16 (Bedrock model card), 1M context")
                            .build(),
                    model("claude-opus-4-6", Tier.LARGE, "5", "25", "2026-02-05")
                            .contextWindow(ONE_MILLION)
                            .source(PRICING + "; released 2026-02-05 (models/opus-4-6 overview), 1M context")
                            .build(),
                    model("claude-opus-4-5", Tier.LARGE, "5", "25", "2025-11-24")
                            .aliases("claude-opus-4-5-20251101")
                            .source(PRICING + "; released 2025-11-24 (models/opus-4-5 overview), 200K context")
                            .build(),
                    model(ModelId.OPUS_4_1, Tier.LARGE, "15", "75", "2025-08-05")
                            .aliases("claude-opus-4-1-20250805")
                            .source(PRICING + "; historical $15/$75 Opus pricing; effective-from = API id date")
                            .build(),
                    model("claude-opus-4-0", Tier.LARGE, "15", "75", "2025-05-14")
                            .aliases("claude-opus-4-20250514")
                            .source(PRICING + "; effective-from = API id date")
                            .build(),
                    // Medium
                    model(ModelId.SONNET_4_6, Tier.MEDIUM, "3", "15", "2026-02-17")
                            .contextWindow(ONE_MILLION)
                            .source(PRICING + "; released 2026-02-17 (models/sonnet-4-6 overview), 1M context, no"
                                    + " long-context premium")
                            .build(),
                    model("claude-sonnet-4-5", Tier.MEDIUM, "3", "15", "2025-09-29")
                            .aliases("claude-sonnet-4-5-20250929")
                            .contextWindow(ONE_MILLION)
                            .longContext(SONNET_4_LONG_CONTEXT)
                            .source(PRICING + "; released 2025-09-29 (models/sonnet-4-5 overview); 200K context, 1M"
                                    + " in beta" + LONG_CONTEXT)
                            .build(),
                    model("claude-sonnet-4-0", Tier.MEDIUM, "3", "15", "2025-05-14")
                            .aliases("claude-sonnet-4-20250514")
                            .contextWindow(ONE_MILLION)
                            .longContext(SONNET_4_LONG_CONTEXT)
                            .source(PRICING + "; effective-from = API id date; 200K context, 1M in beta" + LONG_CONTEXT)
                            .build(),
                    // Small
                    model(ModelId.HAIKU_4_5, Tier.SMALL, "1", "5", "2025-10-15")
                            .aliases("claude-haiku-4-5-20251001")
                            .source(PRICING + "; released 2025-10-15 (models/haiku-4-5 overview), 200K context")
                            .build(),
                    model("claude-3-5-haiku-20241022", Tier.SMALL, "0.80", "4", "2024-10-22")
                            .aliases("claude-3-5-haiku-latest")
                            .source(PRICING + "; Haiku 3.5: 5m write $1, 1h write $1.60, read $0.08;"
                                    + " effective-from = API id date")
                            .build(),
                    model("claude-3-haiku-20240307", Tier.SMALL, "0.25", "1.25", "2024-03-07")
                            .cacheRates(usd("0.30"), usd("0.50"), usd("0.03"))
                            .source(PRICING + "; Haiku 3: 5m write $0.30 (1.2x), 1h write $0.50, read $0.03"
                                    + " (0.12x); effective-from = API id date")
                            .build()),
            Map.of(
                    Tier.SMALL, ModelId.HAIKU_4_5,
                    Tier.MEDIUM, ModelId.SONNET_4_6,
                    Tier.LARGE, ModelId.OPUS_4_8,
                    Tier.FRONTIER, ModelId.FABLE_5));

    private DefaultPriceCatalog() {}

    /** The built-in catalog. */
    public static PriceCatalog get() {
        return CATALOG;
    }

    private static ModelPrice.Builder model(String id, Tier tier, String input, String output, String from) {
        return model(ModelId.of(id), tier, input, output, from);
    }

    private static ModelPrice.Builder model(ModelId id, Tier tier, String input, String output, String from) {
        return ModelPrice.builder(id, tier)
                .catalog(NAME)
                .rates(usd(input), usd(output))
                .effectiveFrom(startOfDay(from));
    }

    private static long usd(String dollarsPerMTok) {
        return ladder.core.Money.parseUsd(dollarsPerMTok).nanos();
    }

    private static Instant startOfDay(String isoDate) {
        return LocalDate.parse(isoDate).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
