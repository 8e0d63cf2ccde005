package ladder.gateway;

/**
 * Entry points into the gateway's in-process hot paths for benchmarks ({@code ladder-bench}); the classes behind them
 * stay package-private. Each method does exactly the per-request (or per-stream) work the gateway does and returns a
 * value derived from all of it, so a benchmark harness cannot optimise any part away. Not for production use.
 */
public final class Probes {

    private Probes() {}

    /**
     * The request-side work of one Messages call: parse the body ({@code RequestFacts}), rewrite {@code model},
     * compute the prefix fingerprints and the body hash.
     *
     * @param body a Messages request body
     * @param model the model the request is routed to
     * @return a value mixing every result
     * @throws IllegalArgumentException when the body is not a valid Messages request
     */
    public static long requestPath(byte[] body, String model) {
        RequestFacts facts;
        try {
            facts = RequestFacts.parse(body);
        } catch (BadRequest e) {
            throw new IllegalArgumentException("not a valid Messages request body", e);
        }
        return facts.withModel(model).length * 31L + facts.bodyHash();
    }

    /**
     * Reads usage out of one SSE stream delivered as {@code chunks}, in order, as the streamed relay does.
     *
     * @param chunks the stream's bytes, cut as the upstream delivered them
     * @return the output tokens read plus the number of events seen
     */
    public static long sseUsage(byte[][] chunks) {
        SseUsageExtractor sse = new SseUsageExtractor();
        for (byte[] chunk : chunks) {
            sse.feed(chunk, 0, chunk.length);
        }
        return sse.usage().outputTokens() + sse.events();
    }
}
