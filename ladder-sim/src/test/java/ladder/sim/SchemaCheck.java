package ladder.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A small JSON Schema checker for the subset {@link SchemaValues} generates, so tests can judge its output. */
final class SchemaCheck {

    private SchemaCheck() {}

    /** The problems of {@code value} against {@code schema}; empty when it validates. */
    static List<String> problems(JsonNode schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, schema, value, "$", out);
        return out;
    }

    private static void check(JsonNode root, JsonNode schema, JsonNode value, String at, List<String> out) {
        if (schema.has("$ref")) {
            check(root, root.at(schema.get("$ref").asText().substring(1)), value, at, out);
            return;
        }
        if (schema.has("anyOf")) {
            for (JsonNode option : schema.get("anyOf")) {
                if (problems(root, option, value).isEmpty()) {
                    return;
                }
            }
            out.add(at + ": matches no anyOf branch");
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                found |= option.equals(value);
            }
            if (!found) {
                out.add(at + ": not in enum");
            }
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    out.add(at + ": not an object");
                    return;
                }
                for (JsonNode r : schema.path("required")) {
                    if (!value.has(r.asText())) {
                        out.add(at + ": missing required " + r.asText());
                    }
                }
                JsonNode props = schema.path("properties");
                for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (props.has(name)) {
                        check(root, props.get(name), value.get(name), at + "." + name, out);
                    } else if (schema.path("additionalProperties").isBoolean()
                            && !schema.get("additionalProperties").asBoolean()) {
                        out.add(at + ": unexpected " + name);
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    out.add(at + ": not an array");
                    return;
                }
                if (schema.has("minItems")
                        && value.size() < schema.get("minItems").asInt()) {
                    out.add(at + ": too few items");
                }
                if (schema.has("maxItems")
                        && value.size() > schema.get("maxItems").asInt()) {
                    out.add(at + ": too many items");
                }
                for (int i = 0; i < value.size(); i++) {
                    check(root, schema.path("items"), value.get(i), at + "[" + i + "]", out);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    out.add(at + ": not a string");
                    return;
                }
                if (schema.has("minLength")
                        && value.asText().length() < schema.get("minLength").asInt()) {
                    out.add(at + ": too short");
                }
                if (schema.has("maxLength")
                        && value.asText().length() > schema.get("maxLength").asInt()) {
                    out.add(at + ": too long");
                }
            }
            case "integer", "number" -> {
                if (!value.isNumber() || ("integer".equals(type) && !value.isIntegralNumber())) {
                    out.add(at + ": not a " + type);
                    return;
                }
                double v = value.asDouble();
                if (schema.has("minimum") && v < schema.get("minimum").asDouble()) {
                    out.add(at + ": below minimum");
                }
                if (schema.has("maximum") && v > schema.get("maximum").asDouble()) {
                    out.add(at + ": above maximum");
                }
                if (schema.has("exclusiveMinimum")
                        && v <= schema.get("exclusiveMinimum").asDouble()) {
                    out.add(at + ": not above exclusiveMinimum");
                }
                if (schema.has("exclusiveMaximum")
                        && v >= schema.get("exclusiveMaximum").asDouble()) {
                    out.add(at + ": not below exclusiveMaximum");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    out.add(at + ": not a boolean");
                }
            }
            default -> {}
        }
    }

    private static List<String> problems(JsonNode root, JsonNode schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(root, schema, value, "$", out);
        return out;
    }
}
