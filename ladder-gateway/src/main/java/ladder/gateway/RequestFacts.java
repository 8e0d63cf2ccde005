package ladder.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * What the gateway reads from a Messages request body in one streaming pass, without re-serializing it: the exact
 * byte span of the top-level {@code model} string, the fields routing and validation need, and the prefix
 * fingerprints of the cacheable blocks.
 */
final class RequestFacts {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** A raw block of the body: its byte span, whether it carries {@code cache_control}, and its {@code name}. */
    private record Block(int start, int end, String name) {}

    private final byte[] body;
    private int modelStart = -1;
    private int modelEnd = -1;
    private String model = "";
    private boolean hasMaxTokens;
    private long maxTokens;
    private boolean hasMessages;
    private boolean stream;
    private String userId = "";
    private String toolChoiceType = "";
    private String toolChoiceName = "";
    private final List<Block> tools = new ArrayList<>();

    private RequestFacts(byte[] body) {
        this.body = body;
    }

    /**
     * Reads {@code body}.
     *
     * @throws BadRequest (400) when the body is not one JSON object or a known field has the wrong shape
     */
    static RequestFacts parse(byte[] body) {
        RequestFacts facts = new RequestFacts(body);
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw BadRequest.invalid("request body must be a JSON object");
            }
            facts.readTop(p);
            if (p.nextToken() != null) {
                throw BadRequest.invalid("request body has content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw BadRequest.invalid("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw BadRequest.invalid("request body could not be read: " + e.getMessage());
        }
        return facts;
    }

    private void readTop(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "model" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw BadRequest.invalid("model: must be a string");
                    }
                    modelStart = offset(p.currentTokenLocation().getByteOffset());
                    model = p.getText();
                    p.finishToken();
                    modelEnd = offset(p.currentLocation().getByteOffset());
                }
                case "max_tokens" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        throw BadRequest.invalid("max_tokens: must be an integer");
                    }
                    hasMaxTokens = true;
                    maxTokens = p.getLongValue();
                }
                case "stream" -> stream = t == JsonToken.VALUE_TRUE;
                case "metadata" -> {
                    JsonNode meta = JSON.readTree(p);
                    JsonNode user = meta == null ? null : meta.get("user_id");
                    if (user != null && user.isTextual()) {
                        userId = user.asText();
                    }
                }
                case "tool_choice" -> {
                    JsonNode choice = JSON.readTree(p);
                    if (choice != null && choice.isObject()) {
                        toolChoiceType = choice.path("type").asText("");
                        toolChoiceName = choice.path("name").asText("");
                    }
                }
                case "tools" -> {
                    requireArray(t, "tools");
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        tools.add(block(p));
                    }
                }
                case "messages" -> {
                    requireArray(t, "messages");
                    hasMessages = true;
                    int index = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        readMessage(p, index++);
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private void readMessage(JsonParser p, int index) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw BadRequest.invalid("messages." + index + ": must be an object with role and content");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
        }
    }

    /** Reads the value at the current token as one raw block (a tool definition), noting its name. */
    private Block block(JsonParser p) throws IOException {
        int start = offset(p.currentTokenLocation().getByteOffset());
        String name = "";
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("name") && t == JsonToken.VALUE_STRING) {
                    name = p.getText();
                }
                p.skipChildren();
            }
        } else {
            p.skipChildren();
            p.finishToken();
        }
        return new Block(start, offset(p.currentLocation().getByteOffset()), name);
    }

    private static void requireArray(JsonToken t, String field) {
        if (t != JsonToken.START_ARRAY) {
            throw BadRequest.invalid(field + ": must be an array");
        }
    }

    private static int offset(long byteOffset) {
        return Math.toIntExact(byteOffset);
    }

    /** The {@code model} value, empty when absent. */
    String model() {
        return model;
    }

    boolean hasModel() {
        return modelStart >= 0;
    }

    /** The client's body as received (never modified; shared, not copied). */
    byte[] body() {
        return body;
    }

    /**
     * A 64-bit hash of the whole body as the client sent it: CRC32C (a CPU intrinsic) in the high half and the
     * vectorised {@link java.util.Arrays#hashCode(byte[])} in the low half, so hashing a 50 kB body costs microseconds.
     */
    long bodyHash() {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return (crc.getValue() << 32) | (java.util.Arrays.hashCode(body) & 0xffffffffL);
    }

    /** The request's {@code max_tokens}, or 0 when absent (count_tokens). */
    long maxTokens() {
        return maxTokens;
    }

    /** Whether the request defines any tools. */
    boolean hasTools() {
        return !tools.isEmpty();
    }

    /**
     * A cheap input-size estimate for routing and budget reservations: about four bytes of request JSON per token,
     * the same rule of thumb the simulated upstream uses. The bill uses the upstream's reported usage, never this.
     */
    long estimatedInputTokens() {
        return (body.length + 3L) / 4;
    }

    boolean hasMaxTokens() {
        return hasMaxTokens;
    }

    boolean hasMessages() {
        return hasMessages;
    }

    boolean stream() {
        return stream;
    }

    /** {@code metadata.user_id}, empty when absent. */
    String userId() {
        return userId;
    }

    /** Whether {@code tool_choice} forces one named tool. */
    boolean forcesTool() {
        return toolChoiceType.equals("tool") && !toolChoiceName.isEmpty();
    }

    String forcedToolName() {
        return toolChoiceName;
    }

    /** The {@code input_schema} of the forced tool, if the request defines it. */
    Optional<JsonNode> forcedToolSchema() {
        for (Block tool : tools) {
            if (tool.name().equals(toolChoiceName)) {
                try {
                    JsonNode node = JSON.readTree(body, tool.start(), tool.end() - tool.start());
                    JsonNode schema = node.get("input_schema");
                    return schema == null ? Optional.empty() : Optional.of(schema);
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The body with only the bytes of the top-level {@code model} string replaced by {@code newModel}; every other
     * byte (order, whitespace, {@code cache_control}) is kept.
     */
    byte[] withModel(String newModel) {
        if (!hasModel()) {
            return body;
        }
        byte[] quoted = quote(newModel);
        byte[] out = new byte[body.length - (modelEnd - modelStart) + quoted.length];
        System.arraycopy(body, 0, out, 0, modelStart);
        System.arraycopy(quoted, 0, out, modelStart, quoted.length);
        System.arraycopy(body, modelEnd, out, modelStart + quoted.length, body.length - modelEnd);
        return out;
    }

    private static byte[] quote(String text) {
        byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] out = new byte[inner.length + 2];
        out[0] = '"';
        System.arraycopy(inner, 0, out, 1, inner.length);
        out[out.length - 1] = '"';
        return out;
    }
}
