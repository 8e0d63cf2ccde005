package ladder.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a non-streamed answer is what the request said a valid answer is: the forced tool's input validates
 * against its {@code input_schema}, or (with {@code x-ladder-expect: json}) the text is JSON. An answer that stopped
 * on {@code max_tokens} is never valid. The schema check is a small subset of JSON Schema: {@code type}, {@code
 * required}, {@code properties}, {@code enum}, {@code items}.
 */
final class AnswerCheck {

    private AnswerCheck() {}

    /** Returns why {@code message} is invalid, or empty when it is valid. */
    static Optional<String> problem(JsonNode message, RequestFacts request, boolean expectJson) {
        if ("max_tokens".equals(message.path("stop_reason").asText())) {
            return Optional.of("answer stopped on max_tokens");
        }
        JsonNode content = message.path("content");
        if (request.forcesTool()) {
            JsonNode schema = request.forcedToolSchema().orElse(null);
            for (JsonNode block : content) {
                if ("tool_use".equals(block.path("type").asText())
                        && request.forcedToolName().equals(block.path("name").asText())) {
                    if (schema == null) {
                        return Optional.empty();
                    }
                    List<String> errors = new ArrayList<>();
                    validate(block.path("input"), schema, "input", errors);
                    return errors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", errors));
                }
            }
            return Optional.of("no tool_use block for forced tool " + request.forcedToolName());
        }
        if (expectJson) {
            StringBuilder text = new StringBuilder();
            for (JsonNode block : content) {
                if ("text".equals(block.path("type").asText())) {
                    text.append(block.path("text").asText());
                }
            }
            try {
                RequestFacts.JSON.readTree(text.toString().strip());
                return text.toString().isBlank()
                        ? Optional.of("answer text is empty, expected JSON")
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.of("answer text is not JSON");
            }
        }
        return Optional.empty();
    }

    /** Appends one message per violation of {@code schema} by {@code value} at {@code path}. */
    static void validate(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (!schema.isObject()) {
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            boolean ok = false;
            if (type.isArray()) {
                for (JsonNode t : type) {
                    ok |= hasType(value, t.asText());
                }
            } else {
                ok = hasType(value, type.asText());
            }
            if (!ok) {
                errors.add(path + ": expected " + type + " but was "
                        + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
                return;
            }
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray()) {
            boolean found = false;
            for (JsonNode option : allowed) {
                found |= option.equals(value);
            }
            if (!found) {
                errors.add(path + ": " + value + " is not one of " + allowed);
            }
        }
        if (value.isObject()) {
            for (JsonNode name : schema.path("required")) {
                if (!value.has(name.asText())) {
                    errors.add(path + ": missing required property " + name.asText());
                }
            }
            JsonNode properties = schema.get("properties");
            if (properties != null && properties.isObject()) {
                properties.fields().forEachRemaining(e -> {
                    JsonNode child = value.get(e.getKey());
                    if (child != null) {
                        validate(child, e.getValue(), path + "." + e.getKey(), errors);
                    }
                });
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), schema.get("items"), path + "[" + i + "]", errors);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" ->
                value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }
}
