package ladder.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates JSON values that validate against a JSON Schema, for tool {@code input}s and structured output. Covers
 * the subset tools use: {@code type} (also as a list), {@code properties}, {@code required}, {@code enum},
 * {@code const}, {@code items}, {@code minItems}/{@code maxItems}, {@code minLength}/{@code maxLength},
 * {@code minimum}/{@code maximum} (and exclusive forms), {@code anyOf}/{@code oneOf}/{@code allOf} (first branch),
 * local {@code $ref}s into {@code $defs} or {@code definitions}. Optional properties are filled too.
 */
final class SchemaValues {

    /** Nesting below this depth yields empty objects and arrays, so recursive schemas end. */
    static final int MAX_DEPTH = 8;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] WORDS = {
        "alpha", "bravo", "delta", "ember", "harbor", "lumen", "orbit", "quartz", "ridge", "summit", "tundra", "vector"
    };

    private final JsonNode root;
    private final Random random;

    private SchemaValues(JsonNode root, Random random) {
        this.root = root;
        this.random = random;
    }

    /** A value valid against {@code schema}, varied by {@code random}. */
    static JsonNode generate(JsonNode schema, Random random) {
        return new SchemaValues(schema, random).value(schema, "value", 0);
    }

    /**
     * An object that breaks {@code schema}: a valid value with one required property removed, or, when nothing is
     * required, with one property given a value of the wrong type. Returns the valid value when the schema leaves no
     * way to break an object.
     */
    static JsonNode generateInvalid(JsonNode schema, Random random) {
        SchemaValues values = new SchemaValues(schema, random);
        JsonNode resolved = values.resolve(schema);
        JsonNode value = values.value(resolved, "value", 0);
        if (!(value instanceof ObjectNode object)) {
            return value;
        }
        List<String> required = new ArrayList<>();
        resolved.path("required").forEach(r -> required.add(r.asText()));
        if (!required.isEmpty()) {
            object.remove(required.get(random.nextInt(required.size())));
            return object;
        }
        Iterator<String> names = object.fieldNames();
        if (names.hasNext()) {
            String name = names.next();
            JsonNode current = object.get(name);
            object.set(name, current.isNumber() ? NODES.textNode("not-a-number") : NODES.numberNode(-1));
        }
        return object;
    }

    private JsonNode value(JsonNode schema, String name, int depth) {
        JsonNode s = resolve(schema);
        if (s.has("const")) {
            return s.get("const").deepCopy();
        }
        if (s.has("enum") && s.get("enum").isArray() && !s.get("enum").isEmpty()) {
            JsonNode options = s.get("enum");
            return options.get(random.nextInt(options.size())).deepCopy();
        }
        return switch (type(s)) {
            case "object" -> object(s, depth);
            case "array" -> array(s, name, depth);
            case "string" -> string(s, name);
            case "integer" -> integer(s);
            case "number" -> number(s);
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(name + "-" + WORDS[random.nextInt(WORDS.length)]);
        };
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int hops = 0; hops < MAX_DEPTH; hops++) {
            if (s.has("$ref")) {
                s = ref(s.get("$ref").asText());
            } else if (s.has("anyOf")
                    && s.get("anyOf").isArray()
                    && !s.get("anyOf").isEmpty()) {
                s = firstNonNull(s.get("anyOf"));
            } else if (s.has("oneOf")
                    && s.get("oneOf").isArray()
                    && !s.get("oneOf").isEmpty()) {
                s = firstNonNull(s.get("oneOf"));
            } else if (s.has("allOf")
                    && s.get("allOf").isArray()
                    && !s.get("allOf").isEmpty()
                    && !s.has("type")) {
                s = s.get("allOf").get(0);
            } else {
                return s;
            }
        }
        return s;
    }

    private static JsonNode firstNonNull(JsonNode options) {
        for (JsonNode option : options) {
            if (!"null".equals(option.path("type").asText())) {
                return option;
            }
        }
        return options.get(0);
    }

    private JsonNode ref(String ref) {
        if (!ref.startsWith("#/")) {
            return NODES.objectNode();
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? NODES.objectNode() : target;
    }

    private static String type(JsonNode s) {
        JsonNode type = s.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (s.has("properties")) {
            return "object";
        }
        if (s.has("items")) {
            return "array";
        }
        return "string";
    }

    private JsonNode object(JsonNode s, int depth) {
        ObjectNode out = NODES.objectNode();
        if (depth >= 2 * MAX_DEPTH) {
            return out;
        }
        // Past MAX_DEPTH only required properties are filled, so optional recursion ends.
        boolean requiredOnly = depth >= MAX_DEPTH;
        Set<String> required = new HashSet<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        JsonNode properties = s.path("properties");
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String property = it.next();
            if (!requiredOnly || required.contains(property)) {
                out.set(property, value(properties.get(property), property, depth + 1));
            }
        }
        // A required name without a property schema still needs a value.
        for (JsonNode r : s.path("required")) {
            if (!out.has(r.asText())) {
                out.put(r.asText(), r.asText() + "-" + WORDS[random.nextInt(WORDS.length)]);
            }
        }
        return out;
    }

    private JsonNode array(JsonNode s, String name, int depth) {
        ArrayNode out = NODES.arrayNode();
        int min = Math.max(0, s.path("minItems").asInt(1));
        int max = s.has("maxItems") ? s.get("maxItems").asInt() : Math.max(min, 3);
        if (depth >= MAX_DEPTH) {
            max = min;
        }
        int count = min + (max > min ? random.nextInt(Math.min(max, min + 3) - min + 1) : 0);
        JsonNode items = s.path("items");
        for (int i = 0; i < count; i++) {
            JsonNode item = items.isObject() ? value(items, name, depth + 1) : NODES.textNode(name + "-" + i);
            if (s.path("uniqueItems").asBoolean(false) && contains(out, item)) {
                item = items.isObject() && "string".equals(type(resolve(items)))
                        ? NODES.textNode(item.asText() + "-" + i)
                        : item;
            }
            out.add(item);
        }
        return out;
    }

    private static boolean contains(ArrayNode array, JsonNode item) {
        for (JsonNode existing : array) {
            if (existing.equals(item)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode string(JsonNode s, String name) {
        String format = s.path("format").asText("");
        String text = switch (format) {
            case "date-time" -> "2026-11-01T12:00:00Z";
            case "date" -> "2026-11-01";
            case "email" -> "user@example.com";
            case "uri", "url" -> "https://example.com/" + WORDS[random.nextInt(WORDS.length)];
            case "uuid" -> "123e4567-e89b-42d3-a456-" + String.format("%012d", random.nextInt(1_000_000));
            default -> name + "-" + WORDS[random.nextInt(WORDS.length)];
        };
        int min = s.path("minLength").asInt(0);
        int max = s.has("maxLength") ? s.get("maxLength").asInt() : Integer.MAX_VALUE;
        StringBuilder b = new StringBuilder(text);
        while (b.length() < min) {
            b.append('x');
        }
        if (b.length() > max) {
            b.setLength(Math.max(0, max));
        }
        return NODES.textNode(b.toString());
    }

    private JsonNode integer(JsonNode s) {
        long min = s.has("minimum") ? (long) Math.ceil(s.get("minimum").asDouble()) : 0;
        if (s.has("exclusiveMinimum") && s.get("exclusiveMinimum").isNumber()) {
            min = Math.max(min, (long) Math.floor(s.get("exclusiveMinimum").asDouble()) + 1);
        }
        long max = s.has("maximum") ? (long) Math.floor(s.get("maximum").asDouble()) : min + 100;
        if (s.has("exclusiveMaximum") && s.get("exclusiveMaximum").isNumber()) {
            max = Math.min(max, (long) Math.ceil(s.get("exclusiveMaximum").asDouble()) - 1);
        }
        if (max < min) {
            return NODES.numberNode(min);
        }
        long span = Math.min(max - min, 1_000_000L);
        return NODES.numberNode(min + (long) (random.nextDouble() * (span + 1)));
    }

    private JsonNode number(JsonNode s) {
        double min = s.has("minimum") ? s.get("minimum").asDouble() : 0;
        double max = s.has("maximum") ? s.get("maximum").asDouble() : min + 100;
        if (s.has("exclusiveMinimum") && s.get("exclusiveMinimum").isNumber()) {
            min = Math.max(min, s.get("exclusiveMinimum").asDouble());
        }
        if (s.has("exclusiveMaximum") && s.get("exclusiveMaximum").isNumber()) {
            max = Math.min(max, s.get("exclusiveMaximum").asDouble());
        }
        if (max <= min) {
            return NODES.numberNode(min);
        }
        // Midpoint-ish values stay clear of exclusive bounds.
        double v = min + (max - min) * (0.25 + 0.5 * random.nextDouble());
        return NODES.numberNode(
                Math.round(v * 100) / 100.0 > min && Math.round(v * 100) / 100.0 < max
                        ? Math.round(v * 100) / 100.0
                        : v);
    }
}
