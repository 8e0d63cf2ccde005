package ladder.app.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed YAML value that remembers the line it started on; Jackson's tree model forgets locations. */
sealed interface YamlNode {

    int line();

    /** A mapping in document order; {@code keyLines} holds the line of each key. */
    record Mapping(int line, Map<String, YamlNode> entries, Map<String, Integer> keyLines) implements YamlNode {}

    record Sequence(int line, List<YamlNode> items) implements YamlNode {}

    /** A scalar; {@code text} is null for YAML null, {@code quoted}-ness is not tracked. */
    record Scalar(int line, String text, JsonToken token) implements YamlNode {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    /** Parses {@code text}; duplicate keys are reported through {@code errors} as "line: message". */
    static YamlNode parse(String text, List<String> duplicateKeys) throws IOException {
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return new Mapping(1, Map.of(), Map.of());
            }
            return read(parser, duplicateKeys);
        }
    }

    private static YamlNode read(JsonParser parser, List<String> duplicateKeys) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                YamlNode value = read(parser, duplicateKeys);
                if (entries.containsKey(key)) {
                    duplicateKeys.add(keyLine + "\u0000" + key);
                }
                entries.put(key, value);
                keyLines.put(key, keyLine);
            }
            return new Mapping(line, entries, keyLines);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(parser, duplicateKeys));
            }
            return new Sequence(line, items);
        }
        return new Scalar(line, token == JsonToken.VALUE_NULL ? null : parser.getText(), token);
    }
}
