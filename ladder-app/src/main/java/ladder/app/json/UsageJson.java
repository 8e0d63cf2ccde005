package ladder.app.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ladder.core.Usage;

/**
 * Reads the Anthropic API {@code usage} object into {@link Usage}, exactly as the API returns it.
 *
 * <p>Fields: {@code input_tokens} and {@code output_tokens} (required integers); {@code
 * cache_creation_input_tokens} and {@code cache_read_input_tokens} (integer or null, null/absent = 0); {@code
 * cache_creation} (object or null; null/absent = no TTL split, every write is a 5-minute write) with {@code
 * ephemeral_5m_input_tokens} and {@code ephemeral_1h_input_tokens}; {@code server_tool_use} (object or null) with
 * {@code web_search_requests} and {@code web_fetch_requests}; {@code service_tier} (string or null). Unknown fields
 * are ignored, as the API's versioning policy requires. A whole Message (an object with a {@code usage} object and
 * no {@code input_tokens}) is accepted too and its {@code usage} is read.
 *
 * <p>Counts must be non-negative integers; anything else is a {@link UsageJsonException} naming the field, e.g.
 * {@code usage.input_tokens must be a non-negative integer, got -3}. Thread-safe.
 */
public final class UsageJson {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private UsageJson() {}

    /**
     * Parses one JSON text holding a usage object (or a Message with one).
     *
     * @throws UsageJsonException for malformed JSON (with line and column) or a bad field (with its path)
     */
    public static Usage parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new UsageJsonException("malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new UsageJsonException("no JSON found: expected a usage object such as"
                    + " {\"input_tokens\": 3, \"output_tokens\": 550}");
        }
        return fromNode(root);
    }

    /**
     * Reads a parsed usage object (or a Message with one).
     *
     * @throws UsageJsonException for a bad field, naming its path
     */
    public static Usage fromNode(JsonNode node) {
        if (!node.isObject()) {
            throw new UsageJsonException("usage must be a JSON object, got " + describe(node));
        }
        if (!node.has("input_tokens") && node.path("usage").isObject()) {
            return read(node.get("usage"));
        }
        return read(node);
    }

    private static Usage read(JsonNode usage) {
        long input = required(usage, "input_tokens");
        long output = required(usage, "output_tokens");
        long cacheCreation = nullable(usage, "usage.", "cache_creation_input_tokens");
        long cacheRead = nullable(usage, "usage.", "cache_read_input_tokens");
        Usage.CacheCreation split = Usage.CacheCreation.Unspecified.INSTANCE;
        JsonNode creation = usage.get("cache_creation");
        if (creation != null && !creation.isNull()) {
            requireObject(creation, "usage.cache_creation");
            split = new Usage.CacheCreation.Split(
                    nullable(creation, "usage.cache_creation.", "ephemeral_5m_input_tokens"),
                    nullable(creation, "usage.cache_creation.", "ephemeral_1h_input_tokens"));
        }
        Usage.ServerToolUse tools = Usage.ServerToolUse.NONE;
        JsonNode serverToolUse = usage.get("server_tool_use");
        if (serverToolUse != null && !serverToolUse.isNull()) {
            requireObject(serverToolUse, "usage.server_tool_use");
            tools = new Usage.ServerToolUse(
                    nullable(serverToolUse, "usage.server_tool_use.", "web_search_requests"),
                    nullable(serverToolUse, "usage.server_tool_use.", "web_fetch_requests"));
        }
        String serviceTier = "";
        JsonNode tier = usage.get("service_tier");
        if (tier != null && !tier.isNull()) {
            if (!tier.isTextual()) {
                throw new UsageJsonException("usage.service_tier must be a string or null, got " + describe(tier));
            }
            serviceTier = tier.textValue();
        }
        return new Usage(input, output, cacheCreation, cacheRead, split, tools, serviceTier);
    }

    private static long required(JsonNode usage, String field) {
        JsonNode value = usage.get(field);
        if (value == null || value.isNull()) {
            throw new UsageJsonException("usage." + field + " is " + (value == null ? "missing" : "null")
                    + "; expected a non-negative integer");
        }
        return count(value, "usage." + field);
    }

    private static long nullable(JsonNode parent, String prefix, String field) {
        JsonNode value = parent.get(field);
        return value == null || value.isNull() ? 0 : count(value, prefix + field);
    }

    private static long count(JsonNode value, String path) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new UsageJsonException(path + " must be a non-negative integer, got " + describe(value));
        }
        return value.longValue();
    }

    private static void requireObject(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new UsageJsonException(path + " must be an object or null, got " + describe(node));
        }
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
        }
        return node.toString();
    }
}
