package ladder.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request's prompt as the cache sees it: the cacheable blocks in the API's order (tools, then system, then message
 * content blocks), each with its canonical text (the block's JSON as sent, without its {@code cache_control}) and
 * whether it carries a cache breakpoint.
 */
record PromptLayout(List<Block> blocks) {

    /** Most cache breakpoints one request may carry, as on the real API. */
    static final int MAX_BREAKPOINTS = 4;

    /** Whether a block carries a cache breakpoint, and with which time-to-live. */
    enum Breakpoint {
        NONE,
        FIVE_MINUTES,
        ONE_HOUR
    }

    /**
     * One cacheable block.
     *
     * @param canonical what the cache key hashes: a kind prefix plus the block's JSON without {@code cache_control}
     * @param tokens estimated tokens of the block
     * @param breakpoint the breakpoint on this block, {@code NONE} when it has none
     */
    record Block(String canonical, int tokens, Breakpoint breakpoint) {
        Block {
            Objects.requireNonNull(canonical, "canonical");
            Objects.requireNonNull(breakpoint, "breakpoint");
        }

        boolean isBreakpoint() {
            return breakpoint != Breakpoint.NONE;
        }
    }

    PromptLayout {
        blocks = List.copyOf(blocks);
    }

    /** Total input tokens of the prompt. */
    int totalTokens() {
        int sum = 0;
        for (Block b : blocks) {
            sum += b.tokens();
        }
        return sum;
    }

    /**
     * Lays out a Messages API request body.
     *
     * @throws ApiException (400) for a malformed {@code cache_control} or too many breakpoints
     */
    static PromptLayout of(JsonNode request, ObjectMapper json) {
        List<MutableBlock> out = new ArrayList<>();
        JsonNode tools = request.path("tools");
        if (tools.isArray()) {
            for (JsonNode tool : tools) {
                out.add(block("tool:", tool, json));
            }
        }
        JsonNode system = request.path("system");
        if (system.isTextual()) {
            out.add(new MutableBlock("system:" + textBlock(system.asText(), json), Breakpoint.NONE));
        } else if (system.isArray()) {
            for (JsonNode b : system) {
                out.add(block("system:", b, json));
            }
        }
        JsonNode messages = request.path("messages");
        if (messages.isArray()) {
            for (JsonNode m : messages) {
                String role = m.path("role").asText("user") + ":";
                JsonNode content = m.path("content");
                if (content.isTextual()) {
                    out.add(new MutableBlock(role + textBlock(content.asText(), json), Breakpoint.NONE));
                } else if (content.isArray()) {
                    for (JsonNode b : content) {
                        out.add(block(role, b, json));
                    }
                }
            }
        }
        JsonNode topLevel = request.get("cache_control");
        if (topLevel != null && !topLevel.isNull() && !out.isEmpty()) {
            out.getLast().ttl = ttl(topLevel);
        }
        int breakpoints = 0;
        List<Block> blocks = new ArrayList<>(out.size());
        for (MutableBlock b : out) {
            if (b.ttl != Breakpoint.NONE) {
                breakpoints++;
            }
            blocks.add(new Block(b.canonical, TokenEstimator.tokens(b.canonical), b.ttl));
        }
        if (breakpoints > MAX_BREAKPOINTS) {
            throw ApiException.invalidRequest("A maximum of " + MAX_BREAKPOINTS
                    + " blocks with cache_control may be provided. Found " + breakpoints + ".");
        }
        return new PromptLayout(blocks);
    }

    private static MutableBlock block(String kind, JsonNode node, ObjectMapper json) {
        Breakpoint ttl = Breakpoint.NONE;
        JsonNode canonical = node;
        if (node.isObject() && node.has("cache_control")) {
            JsonNode cc = node.get("cache_control");
            if (!cc.isNull()) {
                ttl = ttl(cc);
            }
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            copy.remove("cache_control");
            canonical = copy;
        }
        return new MutableBlock(kind + write(canonical, json), ttl);
    }

    private static Breakpoint ttl(JsonNode cacheControl) {
        if (!cacheControl.isObject()
                || !"ephemeral".equals(cacheControl.path("type").asText())) {
            throw ApiException.invalidRequest("cache_control: type must be \"ephemeral\"");
        }
        JsonNode ttl = cacheControl.get("ttl");
        if (ttl == null || ttl.isNull() || "5m".equals(ttl.asText())) {
            return Breakpoint.FIVE_MINUTES;
        }
        if ("1h".equals(ttl.asText())) {
            return Breakpoint.ONE_HOUR;
        }
        throw ApiException.invalidRequest("cache_control.ttl: Input should be '5m' or '1h'");
    }

    private static String textBlock(String text, ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("type", "text");
        node.put("text", text);
        return write(node, json);
    }

    private static String write(JsonNode node, ObjectMapper json) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
    }

    private static final class MutableBlock {
        final String canonical;
        Breakpoint ttl;

        MutableBlock(String canonical, Breakpoint ttl) {
            this.canonical = canonical;
            this.ttl = ttl;
        }
    }
}
