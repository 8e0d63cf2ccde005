package ladder.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import ladder.gateway.ApiKey;

/**
 * The keys file (YAML; JSON is valid YAML too): only hashes, never keys.
 *
 * <pre>
 * keys:
 *   - id: key_3f9a0c1d2e4b
 *     sha256: 3f9a...   # hex SHA-256 of the key
 *     team: search
 *     project: ranker
 *     revoked: false
 * </pre>
 */
final class KeysFile {

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private KeysFile() {}

    /** The keys in {@code file}; an absent file holds none. */
    static List<ApiKey> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read keys file: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        JsonNode keys = root.path("keys");
        if (!keys.isArray()) {
            throw new ConfigException(file + ": keys: must be a list of {id, sha256, team, project, revoked}");
        }
        List<ApiKey> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode k = keys.get(i);
            String at = file + ": keys[" + i + "]";
            try {
                out.add(new ApiKey(
                        required(k, "id", at),
                        required(k, "sha256", at),
                        required(k, "team", at),
                        required(k, "project", at),
                        k.path("revoked").asBoolean(false)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String required(JsonNode k, String field, String at) {
        JsonNode v = k.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ConfigException(at + "." + field + ": required text");
        }
        return v.asText();
    }

    /** Replaces {@code file} with {@code keys}, atomically. */
    static void write(Path file, List<ApiKey> keys) {
        ObjectNode root = YAML.createObjectNode();
        ArrayNode list = root.putArray("keys");
        for (ApiKey k : keys) {
            ObjectNode n = list.addObject();
            n.put("id", k.id());
            n.put("sha256", k.sha256());
            n.put("team", k.team());
            n.put("project", k.project());
            n.put("revoked", k.revoked());
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, ".keys", ".tmp");
            YAML.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot write keys file: " + e.getMessage(), e);
        }
    }
}
