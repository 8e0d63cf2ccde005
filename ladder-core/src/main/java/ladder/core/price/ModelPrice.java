package ladder.core.price;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.Tier;

/**
 * The prices of one model during one period: one version of one catalog entry. A price change is a new {@code
 * ModelPrice} with a later {@code effectiveFrom} and its own {@code versionId}, never an edit of this one.
 *
 * <p>Rates are {@code long} nano-dollars (10^-9 USD) per million tokens; server tools are nano-dollars per
 * request. Build one with {@link #builder(ModelId, Tier)}.
 *
 * @param id the canonical API model id, e.g. {@code claude-haiku-4-5}
 * @param aliases other ids that mean this model (dated ids such as {@code claude-haiku-4-5-20251001}); Bedrock and
 *     Vertex forms of the id and of each alias resolve without being listed
 * @param tier the ladder rung this model belongs to
 * @param inputNanosPerMTok uncached input, {@code >= 0}
 * @param outputNanosPerMTok output (thinking included), {@code >= 0}
 * @param cacheWrite5mNanosPerMTok cache writes with the 5-minute TTL, {@code >= 0}
 * @param cacheWrite1hNanosPerMTok cache writes with the 1-hour TTL, {@code >= 0}
 * @param cacheReadNanosPerMTok cache hits and refreshes, {@code >= 0}
 * @param batchFactor multiplier on every token class for Message Batches calls (1/2 today)
 * @param contextWindow the largest prompt the model accepts, in tokens, {@code > 0}
 * @param longContext the long-prompt premium, or {@link LongContextRule.None}
 * @param webSearchNanosPerRequest web search server tool, per request, {@code >= 0}
 * @param webFetchNanosPerRequest web fetch server tool, per request, {@code >= 0} (no fee today)
 * @param effectiveFrom first instant this version prices calls (inclusive)
 * @param effectiveTo first instant it no longer does (exclusive); {@link #OPEN_END} when it has no end yet
 * @param source where the prices come from (page and date read, contract, ...); non-blank
 * @param versionId the id a priced call keeps, e.g. {@code anthropic/claude-haiku-4-5@2025-10-15}; non-blank
 */
public record ModelPrice(
        ModelId id,
        List<ModelId> aliases,
        Tier tier,
        long inputNanosPerMTok,
        long outputNanosPerMTok,
        long cacheWrite5mNanosPerMTok,
        long cacheWrite1hNanosPerMTok,
        long cacheReadNanosPerMTok,
        Factor batchFactor,
        long contextWindow,
        LongContextRule longContext,
        long webSearchNanosPerRequest,
        long webFetchNanosPerRequest,
        Instant effectiveFrom,
        Instant effectiveTo,
        String source,
        String versionId) {

    /** The {@code effectiveTo} of a version that has no end yet. */
    public static final Instant OPEN_END = Instant.MAX;

    /** The context window assumed when none is given: 200K tokens. */
    public static final long DEFAULT_CONTEXT_WINDOW = 200_000;

    /** Web search: $10 per 1,000 requests, i.e. $0.01 (10,000,000 nano-dollars) per request. */
    public static final long DEFAULT_WEB_SEARCH_NANOS_PER_REQUEST = 10_000_000;

    /** The standard 5-minute cache write multiplier on input: 1.25x. */
    public static final Factor STANDARD_CACHE_WRITE_5M = Factor.of(5, 4);

    /** The standard 1-hour cache write multiplier on input: 2x. */
    public static final Factor STANDARD_CACHE_WRITE_1H = Factor.of(2, 1);

    /** The standard cache read multiplier on input: 0.1x. */
    public static final Factor STANDARD_CACHE_READ = Factor.of(1, 10);

    public ModelPrice {
        Objects.requireNonNull(id, "id");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(tier, "tier");
        requireRate(id, "input", inputNanosPerMTok);
        requireRate(id, "output", outputNanosPerMTok);
        requireRate(id, "cache-write-5m", cacheWrite5mNanosPerMTok);
        requireRate(id, "cache-write-1h", cacheWrite1hNanosPerMTok);
        requireRate(id, "cache-read", cacheReadNanosPerMTok);
        Objects.requireNonNull(batchFactor, "batchFactor");
        if (contextWindow <= 0) {
            throw new IllegalArgumentException(id + ": context-window must be > 0 tokens, was " + contextWindow);
        }
        Objects.requireNonNull(longContext, "longContext");
        requireRate(id, "web-search-per-request", webSearchNanosPerRequest);
        requireRate(id, "web-fetch-per-request", webFetchNanosPerRequest);
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(effectiveTo, "effectiveTo");
        if (!effectiveFrom.isBefore(effectiveTo)) {
            throw new IllegalArgumentException(
                    id + ": effective-from " + effectiveFrom + " must be before effective-to " + effectiveTo);
        }
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException(id + ": source must not be blank");
        }
        Objects.requireNonNull(versionId, "versionId");
        if (versionId.isBlank()) {
            throw new IllegalArgumentException(id + ": versionId must not be blank");
        }
        if (aliases.contains(id)) {
            throw new IllegalArgumentException(id + ": an alias repeats the id");
        }
    }

    /** A builder for the prices of {@code id} on the given tier. */
    public static Builder builder(ModelId id, Tier tier) {
        return new Builder(id, tier);
    }

    /** Whether this version prices a call made at {@code at}: {@code effectiveFrom <= at < effectiveTo}. */
    public boolean isInForce(Instant at) {
        return !at.isBefore(effectiveFrom) && at.isBefore(effectiveTo);
    }

    /** Whether this version has no end date yet. */
    public boolean isOpenEnded() {
        return effectiveTo.equals(OPEN_END);
    }

    /** Whether {@code other} is priced for a period that overlaps this one. */
    public boolean overlaps(ModelPrice other) {
        return effectiveFrom.isBefore(other.effectiveTo) && other.effectiveFrom.isBefore(effectiveTo);
    }

    private static void requireRate(ModelId id, String field, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException(id + ": " + field + " must be >= 0 nano-dollars, was " + nanos);
        }
    }

    /**
     * Builds a {@link ModelPrice}. Unset cache rates default to the standard multipliers of the input rate
     * (1.25x, 2x, 0.1x), which must come out as whole nano-dollars per MTok; the batch factor defaults to 1/2,
     * the context window to 200K, web search to $10 per 1,000 requests, web fetch to no fee, and the version id
     * to {@code <catalog>/<id>@<effective-from date>}.
     */
    public static final class Builder {
        private static final long UNSET = -1;

        private final ModelId id;
        private final Tier tier;
        private List<ModelId> aliases = List.of();
        private long input = UNSET;
        private long output = UNSET;
        private long cacheWrite5m = UNSET;
        private long cacheWrite1h = UNSET;
        private long cacheRead = UNSET;
        private Factor batchFactor = Factor.HALF;
        private long contextWindow = DEFAULT_CONTEXT_WINDOW;
        private LongContextRule longContext = LongContextRule.None.INSTANCE;
        private long webSearch = DEFAULT_WEB_SEARCH_NANOS_PER_REQUEST;
        private long webFetch = 0;
        private Instant effectiveFrom;
        private Instant effectiveTo = OPEN_END;
        private String source;
        private String catalog = "custom";
        private String versionId;

        private Builder(ModelId id, Tier tier) {
            this.id = Objects.requireNonNull(id, "id");
            this.tier = Objects.requireNonNull(tier, "tier");
        }

        /** Other ids of this model, given as strings. */
        public Builder aliases(String... ids) {
            this.aliases = java.util.Arrays.stream(ids).map(ModelId::of).toList();
            return this;
        }

        /** Other ids of this model. */
        public Builder aliases(List<ModelId> ids) {
            this.aliases = List.copyOf(ids);
            return this;
        }

        /** Uncached input and output rates, nano-dollars per MTok. */
        public Builder rates(long inputNanosPerMTok, long outputNanosPerMTok) {
            this.input = inputNanosPerMTok;
            this.output = outputNanosPerMTok;
            return this;
        }

        /** Cache rates, nano-dollars per MTok: 5-minute write, 1-hour write, read. */
        public Builder cacheRates(long write5mNanosPerMTok, long write1hNanosPerMTok, long readNanosPerMTok) {
            this.cacheWrite5m = write5mNanosPerMTok;
            this.cacheWrite1h = write1hNanosPerMTok;
            this.cacheRead = readNanosPerMTok;
            return this;
        }

        /** The 5-minute cache write rate, nano-dollars per MTok. */
        public Builder cacheWrite5m(long nanosPerMTok) {
            this.cacheWrite5m = nanosPerMTok;
            return this;
        }

        /** The 1-hour cache write rate, nano-dollars per MTok. */
        public Builder cacheWrite1h(long nanosPerMTok) {
            this.cacheWrite1h = nanosPerMTok;
            return this;
        }

        /** The cache read rate, nano-dollars per MTok. */
        public Builder cacheRead(long nanosPerMTok) {
            this.cacheRead = nanosPerMTok;
            return this;
        }

        /** The Message Batches multiplier. */
        public Builder batchFactor(Factor factor) {
            this.batchFactor = factor;
            return this;
        }

        /** The context window in tokens. */
        public Builder contextWindow(long tokens) {
            this.contextWindow = tokens;
            return this;
        }

        /** The long-prompt premium. */
        public Builder longContext(LongContextRule rule) {
            this.longContext = rule;
            return this;
        }

        /** Web search, nano-dollars per request. */
        public Builder webSearchNanosPerRequest(long nanos) {
            this.webSearch = nanos;
            return this;
        }

        /** Web fetch, nano-dollars per request. */
        public Builder webFetchNanosPerRequest(long nanos) {
            this.webFetch = nanos;
            return this;
        }

        /** The period this version is in force: from (inclusive) to (exclusive, {@link #OPEN_END} for none). */
        public Builder effective(Instant from, Instant to) {
            this.effectiveFrom = from;
            this.effectiveTo = to;
            return this;
        }

        /** In force from {@code from} with no end. */
        public Builder effectiveFrom(Instant from) {
            return effective(from, OPEN_END);
        }

        /** Where the prices come from. */
        public Builder source(String text) {
            this.source = text;
            return this;
        }

        /** The catalog name used in the default version id. */
        public Builder catalog(String name) {
            this.catalog = name;
            return this;
        }

        /** An explicit version id. */
        public Builder versionId(String id) {
            this.versionId = id;
            return this;
        }

        /**
         * Builds the price.
         *
         * @throws IllegalArgumentException naming the field when a rate is missing, a derived cache rate is not a
         *     whole nano-dollar per MTok, or a value is out of range
         */
        public ModelPrice build() {
            if (input == UNSET || output == UNSET) {
                throw new IllegalArgumentException(id + ": input and output rates are required");
            }
            Objects.requireNonNull(effectiveFrom, id + ": effective-from is required");
            String version = versionId != null
                    ? versionId
                    : catalog + "/" + id + "@"
                            + effectiveFrom.atOffset(ZoneOffset.UTC).toLocalDate();
            return new ModelPrice(
                    id,
                    aliases,
                    tier,
                    input,
                    output,
                    cacheWrite5m != UNSET ? cacheWrite5m : derive("cache-write-5m", STANDARD_CACHE_WRITE_5M),
                    cacheWrite1h != UNSET ? cacheWrite1h : derive("cache-write-1h", STANDARD_CACHE_WRITE_1H),
                    cacheRead != UNSET ? cacheRead : derive("cache-read", STANDARD_CACHE_READ),
                    batchFactor,
                    contextWindow,
                    longContext,
                    webSearch,
                    webFetch,
                    effectiveFrom,
                    effectiveTo,
                    source == null ? "" : source,
                    version);
        }

        private long derive(String field, Factor factor) {
            long scaled = Math.multiplyExact(input, factor.numerator());
            if (scaled % factor.denominator() != 0) {
                throw new IllegalArgumentException(id + ": " + field + " as " + factor + " x input (" + input
                        + " nano-dollars/MTok) is not a whole nano-dollar per MTok; give " + field + " explicitly");
            }
            return scaled / factor.denominator();
        }
    }
}
