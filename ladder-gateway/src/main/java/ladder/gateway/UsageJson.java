package ladder.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import ladder.core.Usage;

/** Reads the API's {@code usage} object into {@link Usage}; missing or null counters read as zero. */
final class UsageJson {

    private UsageJson() {}

    /**
     * The usage of a whole Messages answer, read by streaming over its tokens: only the {@code usage} object becomes a
     * tree, the rest is skipped. An answer that is not one well-formed JSON object reads as {@link Usage#EMPTY}, as a
     * full parse would.
     */
    static Usage ofMessage(byte[] answer) {
        try (JsonParser p = RequestFacts.JSON.createParser(answer)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Usage.EMPTY;
            }
            JsonNode usage = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (usage == null && name.equals("usage")) {
                    usage = RequestFacts.JSON.readTree(p);
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return Usage.EMPTY;
            }
            return from(usage);
        } catch (IOException e) {
            return Usage.EMPTY;
        }
    }

    static Usage from(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.EMPTY;
        }
        return merge(Usage.EMPTY, usage, true);
    }

    /**
     * Overlays the counters present (and not null) in {@code node} on {@code base}: message_delta usage is
     * cumulative, so a present value replaces, never adds (wire reference §5).
     */
    static Usage merge(Usage base, JsonNode node, boolean withSplitAndTier) {
        if (node == null || !node.isObject()) {
            return base;
        }
        Usage u = new Usage(
                longOr(node, "input_tokens", base.inputTokens()),
                longOr(node, "output_tokens", base.outputTokens()),
                longOr(node, "cache_creation_input_tokens", base.cacheCreationInputTokens()),
                longOr(node, "cache_read_input_tokens", base.cacheReadInputTokens()),
                base.cacheCreation(),
                base.serverToolUse(),
                base.serviceTier());
        JsonNode tools = node.get("server_tool_use");
        if (tools != null && tools.isObject()) {
            u = u.withServerToolUse(new Usage.ServerToolUse(
                    longOr(tools, "web_search_requests", 0), longOr(tools, "web_fetch_requests", 0)));
        }
        if (withSplitAndTier) {
            JsonNode split = node.get("cache_creation");
            if (split != null && split.isObject()) {
                u = u.withCacheCreation(new Usage.CacheCreation.Split(
                        longOr(split, "ephemeral_5m_input_tokens", 0), longOr(split, "ephemeral_1h_input_tokens", 0)));
            }
            JsonNode tier = node.get("service_tier");
            if (tier != null && tier.isTextual()) {
                u = u.withServiceTier(tier.asText());
            }
        }
        return u;
    }

    private static long longOr(JsonNode node, String field, long fallback) {
        JsonNode v = node.get(field);
        return v != null && v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : fallback;
    }
}
