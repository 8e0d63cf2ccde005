package ladder.core.cost;

import java.util.List;
import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Usage;

/**
 * The exact cost of one call, line by line, in nano-dollars. The total is the exact sum of the lines.
 *
 * @param model the canonical model id the call was priced as
 * @param priceVersion the {@link ladder.core.price.ModelPrice#versionId()} used
 * @param usage the usage that was priced
 * @param batch whether the Message Batches discount applied
 * @param longContext whether the long-context premium applied
 * @param uncachedInputNanos uncached input tokens, {@code >= 0}
 * @param cacheWrite5mNanos 5-minute cache writes, {@code >= 0}
 * @param cacheWrite1hNanos 1-hour cache writes, {@code >= 0}
 * @param cacheReadNanos cache reads, {@code >= 0}
 * @param outputNanos output tokens, {@code >= 0}
 * @param webSearchNanos web search requests, {@code >= 0}
 * @param webFetchNanos web fetch requests, {@code >= 0}
 */
public record Cost(
        ModelId model,
        String priceVersion,
        Usage usage,
        boolean batch,
        boolean longContext,
        long uncachedInputNanos,
        long cacheWrite5mNanos,
        long cacheWrite1hNanos,
        long cacheReadNanos,
        long outputNanos,
        long webSearchNanos,
        long webFetchNanos) {

    public Cost {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(priceVersion, "priceVersion");
        Objects.requireNonNull(usage, "usage");
        requireNonNegative("uncachedInputNanos", uncachedInputNanos);
        requireNonNegative("cacheWrite5mNanos", cacheWrite5mNanos);
        requireNonNegative("cacheWrite1hNanos", cacheWrite1hNanos);
        requireNonNegative("cacheReadNanos", cacheReadNanos);
        requireNonNegative("outputNanos", outputNanos);
        requireNonNegative("webSearchNanos", webSearchNanos);
        requireNonNegative("webFetchNanos", webFetchNanos);
        totalNanos(
                uncachedInputNanos,
                cacheWrite5mNanos,
                cacheWrite1hNanos,
                cacheReadNanos,
                outputNanos,
                webSearchNanos,
                webFetchNanos); // throws ArithmeticException if the total does not fit
    }

    /** The exact sum of every line. */
    public Money total() {
        return Money.ofNanos(totalNanos());
    }

    /** The exact sum of every line, in nano-dollars. */
    public long totalNanos() {
        return totalNanos(
                uncachedInputNanos,
                cacheWrite5mNanos,
                cacheWrite1hNanos,
                cacheReadNanos,
                outputNanos,
                webSearchNanos,
                webFetchNanos);
    }

    /** Every line, in the order of {@link LineKind}, including lines of zero. */
    public List<LineItem> lineItems() {
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
            }
        }
        return List.of(
                new LineItem(LineKind.UNCACHED_INPUT, usage.inputTokens(), Money.ofNanos(uncachedInputNanos)),
                new LineItem(LineKind.CACHE_WRITE_5M, write5m, Money.ofNanos(cacheWrite5mNanos)),
                new LineItem(LineKind.CACHE_WRITE_1H, write1h, Money.ofNanos(cacheWrite1hNanos)),
                new LineItem(LineKind.CACHE_READ, usage.cacheReadInputTokens(), Money.ofNanos(cacheReadNanos)),
                new LineItem(LineKind.OUTPUT, usage.outputTokens(), Money.ofNanos(outputNanos)),
                new LineItem(
                        LineKind.WEB_SEARCH, usage.serverToolUse().webSearchRequests(), Money.ofNanos(webSearchNanos)),
                new LineItem(
                        LineKind.WEB_FETCH, usage.serverToolUse().webFetchRequests(), Money.ofNanos(webFetchNanos)));
    }

    private static long totalNanos(long a, long b, long c, long d, long e, long f, long g) {
        // explicit parameters, not varargs: no array allocated per priced call
        return Math.addExact(
                Math.addExact(Math.addExact(a, b), Math.addExact(c, d)), Math.addExact(Math.addExact(e, f), g));
    }

    private static void requireNonNegative(String field, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + nanos);
        }
    }

    /** What a line charges for. */
    public enum LineKind {
        /** Uncached input tokens. */
        UNCACHED_INPUT("input", "tokens"),
        /** Tokens written to the cache with the 5-minute TTL. */
        CACHE_WRITE_5M("cache_write_5m", "tokens"),
        /** Tokens written to the cache with the 1-hour TTL. */
        CACHE_WRITE_1H("cache_write_1h", "tokens"),
        /** Tokens read from the cache. */
        CACHE_READ("cache_read", "tokens"),
        /** Output tokens, thinking included. */
        OUTPUT("output", "tokens"),
        /** Web search server tool requests. */
        WEB_SEARCH("web_search", "requests"),
        /** Web fetch server tool requests. */
        WEB_FETCH("web_fetch", "requests");

        private final String id;
        private final String unit;

        LineKind(String id, String unit) {
            this.id = id;
            this.unit = unit;
        }

        /** The snake-case id used in JSON output, e.g. {@code cache_write_5m}. */
        public String id() {
            return id;
        }

        /** What the quantity counts: {@code tokens} or {@code requests}. */
        public String unit() {
            return unit;
        }
    }

    /**
     * One line of a cost.
     *
     * @param kind what it charges for
     * @param quantity tokens or requests, {@code >= 0}
     * @param amount the exact amount
     */
    public record LineItem(LineKind kind, long quantity, Money amount) {
        public LineItem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(amount, "amount");
            if (quantity < 0) {
                throw new IllegalArgumentException("quantity must be >= 0, was " + quantity);
            }
        }
    }
}
