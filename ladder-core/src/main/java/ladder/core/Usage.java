package ladder.core;

import java.util.Objects;

/**
 * Token usage of one upstream call, exactly as the Anthropic API reports it in {@code usage}.
 *
 * <p>The token classes are disjoint: {@code inputTokens} are the uncached input after the last cache breakpoint,
 * {@code cacheCreationInputTokens} were written to the cache, {@code cacheReadInputTokens} were read from it; the
 * total input is their sum. A cache-creation breakdown that does not add up is kept as received, so the cost
 * calculator can report it as a data error instead of guessing.
 *
 * @param inputTokens uncached input tokens, {@code >= 0}
 * @param outputTokens output tokens including thinking, {@code >= 0}
 * @param cacheCreationInputTokens tokens written to the cache (null in the API reads as 0), {@code >= 0}
 * @param cacheReadInputTokens tokens read from the cache (null reads as 0), {@code >= 0}
 * @param cacheCreation the TTL split of the cache write, or {@link CacheCreation.Unspecified} when absent/null
 * @param serverToolUse server-side tool requests billed per use
 * @param serviceTier the tier that served the call ({@code standard}, {@code priority}, {@code batch}), or empty
 *     when the API did not say
 */
public record Usage(
        long inputTokens,
        long outputTokens,
        long cacheCreationInputTokens,
        long cacheReadInputTokens,
        CacheCreation cacheCreation,
        ServerToolUse serverToolUse,
        String serviceTier) {

    /** No tokens at all. */
    public static final Usage EMPTY = of(0, 0, 0, 0);

    public Usage {
        requireNonNegative("input_tokens", inputTokens);
        requireNonNegative("output_tokens", outputTokens);
        requireNonNegative("cache_creation_input_tokens", cacheCreationInputTokens);
        requireNonNegative("cache_read_input_tokens", cacheReadInputTokens);
        Objects.requireNonNull(cacheCreation, "cacheCreation");
        Objects.requireNonNull(serverToolUse, "serverToolUse");
        Objects.requireNonNull(serviceTier, "serviceTier");
    }

    /** Usage with the four token counters and no TTL split (every cache write counts as a 5-minute write). */
    public static Usage of(long input, long output, long cacheCreation, long cacheRead) {
        return new Usage(
                input, output, cacheCreation, cacheRead, CacheCreation.Unspecified.INSTANCE, ServerToolUse.NONE, "");
    }

    /** A copy with the given TTL split of the cache write. */
    public Usage withCacheCreation(CacheCreation split) {
        return new Usage(
                inputTokens,
                outputTokens,
                cacheCreationInputTokens,
                cacheReadInputTokens,
                split,
                serverToolUse,
                serviceTier);
    }

    /** A copy with the given server tool counts. */
    public Usage withServerToolUse(ServerToolUse tools) {
        return new Usage(
                inputTokens,
                outputTokens,
                cacheCreationInputTokens,
                cacheReadInputTokens,
                cacheCreation,
                tools,
                serviceTier);
    }

    /** A copy with the given service tier. */
    public Usage withServiceTier(String tier) {
        return new Usage(
                inputTokens,
                outputTokens,
                cacheCreationInputTokens,
                cacheReadInputTokens,
                cacheCreation,
                serverToolUse,
                tier);
    }

    /** All input tokens: uncached plus cache writes plus cache reads. */
    public long totalInputTokens() {
        return Math.addExact(Math.addExact(inputTokens, cacheCreationInputTokens), cacheReadInputTokens);
    }

    private static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
    }

    /** How a cache write splits by TTL. */
    public sealed interface CacheCreation {

        /** The API sent no {@code cache_creation} object (or null): every write is a 5-minute write. */
        enum Unspecified implements CacheCreation {
            INSTANCE
        }

        /**
         * The API's {@code cache_creation} object.
         *
         * @param ephemeral5mInputTokens tokens written with the 5-minute TTL, {@code >= 0}
         * @param ephemeral1hInputTokens tokens written with the 1-hour TTL, {@code >= 0}
         */
        record Split(long ephemeral5mInputTokens, long ephemeral1hInputTokens) implements CacheCreation {
            public Split {
                requireNonNegative("cache_creation.ephemeral_5m_input_tokens", ephemeral5mInputTokens);
                requireNonNegative("cache_creation.ephemeral_1h_input_tokens", ephemeral1hInputTokens);
            }

            /** The sum of both TTL classes. */
            public long total() {
                return Math.addExact(ephemeral5mInputTokens, ephemeral1hInputTokens);
            }
        }
    }

    /**
     * Server-side tool requests, billed per request.
     *
     * @param webSearchRequests web search requests, {@code >= 0}
     * @param webFetchRequests web fetch requests, {@code >= 0}
     */
    public record ServerToolUse(long webSearchRequests, long webFetchRequests) {

        /** No server tool use. */
        public static final ServerToolUse NONE = new ServerToolUse(0, 0);

        public ServerToolUse {
            // Checked here, not with Usage.requireNonNegative: calling into Usage would start Usage's class
            // initialisation from ours, and Usage.EMPTY needs NONE, which is still null at that point.
            if (webSearchRequests < 0) {
                throw new IllegalArgumentException(
                        "server_tool_use.web_search_requests must be >= 0, was " + webSearchRequests);
            }
            if (webFetchRequests < 0) {
                throw new IllegalArgumentException(
                        "server_tool_use.web_fetch_requests must be >= 0, was " + webFetchRequests);
            }
        }
    }
}
