package ladder.sim;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a sim config YAML file over {@link SimConfig#defaults()}, naming the key of every mistake. */
final class SimConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS =
            Set.of("host", "port", "seed", "batch-delay", "default-model", "models");
    private static final Set<String> PROFILE_KEYS = Set.of(
            "first-token-latency",
            "per-token-latency",
            "min-cacheable-tokens",
            "invalid-tool-input-rate",
            "invalid-json-rate",
            "faults");
    private static final Set<String> FAULT_KEYS = Set.of(
            "overloaded-rate",
            "rate-limited-rate",
            "retry-after-seconds",
            "server-error-rate",
            "stream-cut-rate",
            "stream-error-rate");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private SimConfigLoader() {}

    static SimConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SimConfigException("sim config " + file + ": file not found", e);
        } catch (IOException e) {
            throw new SimConfigException("sim config " + file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    static SimConfig parse(String source, String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new SimConfigException("sim config " + source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        SimConfig base = SimConfig.defaults();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return base;
        }
        Reader r = new Reader(source);
        r.requireObject("(top level)", root);
        r.checkKeys("", root, TOP_KEYS);
        String host = root.has("host") ? r.string("host", root.get("host")) : base.host();
        int port = root.has("port") ? r.integer("port", root.get("port"), 0, 65_535) : base.port();
        long seed = root.has("seed") ? r.longValue("seed", root.get("seed")) : base.seed();
        Duration batchDelay =
                root.has("batch-delay") ? r.duration("batch-delay", root.get("batch-delay")) : base.batchDelay();
        ModelProfile defaultProfile = root.has("default-model")
                ? r.profile("default-model", root.get("default-model"), base.defaultProfile())
                : base.defaultProfile();
        Map<String, ModelProfile> models = new LinkedHashMap<>(base.models());
        if (root.has("models")) {
            JsonNode node = root.get("models");
            r.requireObject("models", node);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String id = e.getKey();
                if (id.isBlank()) {
                    throw r.error("models", "a blank model id", "name the model, e.g. claude-haiku-4-5");
                }
                ModelProfile over = models.getOrDefault(id, defaultProfile);
                models.put(id, r.profile("models." + id, e.getValue(), over));
            }
        }
        try {
            return new SimConfig(host, port, seed, batchDelay, defaultProfile, models);
        } catch (IllegalArgumentException e) {
            throw new SimConfigException("sim config " + source + ": " + e.getMessage(), e);
        }
    }

    /** Field readers that know the file name for their messages. */
    private record Reader(String source) {

        ModelProfile profile(String path, JsonNode node, ModelProfile base) {
            if (node == null || node.isNull()) {
                return base;
            }
            requireObject(path, node);
            checkKeys(path + ".", node, PROFILE_KEYS);
            FaultConfig f = base.faults();
            if (node.has("faults") && !node.get("faults").isNull()) {
                JsonNode fn = node.get("faults");
                String fp = path + ".faults";
                requireObject(fp, fn);
                checkKeys(fp + ".", fn, FAULT_KEYS);
                f = fault(
                        fp,
                        () -> new FaultConfig(
                                rate(
                                        fp + ".overloaded-rate",
                                        fn.get("overloaded-rate"),
                                        base.faults().overloadedRate()),
                                rate(
                                        fp + ".rate-limited-rate",
                                        fn.get("rate-limited-rate"),
                                        base.faults().rateLimitedRate()),
                                fn.has("retry-after-seconds")
                                        ? integer(fp + ".retry-after-seconds", fn.get("retry-after-seconds"), 0, 86_400)
                                        : base.faults().retryAfterSeconds(),
                                rate(
                                        fp + ".server-error-rate",
                                        fn.get("server-error-rate"),
                                        base.faults().serverErrorRate()),
                                rate(
                                        fp + ".stream-cut-rate",
                                        fn.get("stream-cut-rate"),
                                        base.faults().streamCutRate()),
                                rate(
                                        fp + ".stream-error-rate",
                                        fn.get("stream-error-rate"),
                                        base.faults().streamErrorRate())));
            }
            FaultConfig faults = f;
            return fault(
                    path,
                    () -> new ModelProfile(
                            node.has("first-token-latency")
                                    ? duration(path + ".first-token-latency", node.get("first-token-latency"))
                                    : base.firstTokenLatency(),
                            node.has("per-token-latency")
                                    ? duration(path + ".per-token-latency", node.get("per-token-latency"))
                                    : base.perTokenLatency(),
                            node.has("min-cacheable-tokens")
                                    ? integer(
                                            path + ".min-cacheable-tokens",
                                            node.get("min-cacheable-tokens"),
                                            1,
                                            Integer.MAX_VALUE)
                                    : base.minCacheableTokens(),
                            rate(
                                    path + ".invalid-tool-input-rate",
                                    node.get("invalid-tool-input-rate"),
                                    base.invalidToolInputRate()),
                            rate(path + ".invalid-json-rate", node.get("invalid-json-rate"), base.invalidJsonRate()),
                            faults));
        }

        private <T> T fault(String path, Supplier<T> build) {
            try {
                return build.get();
            } catch (IllegalArgumentException e) {
                throw new SimConfigException("sim config " + source + ": " + path + ": " + e.getMessage(), e);
            }
        }

        double rate(String path, JsonNode node, double fallback) {
            if (node == null) {
                return fallback;
            }
            if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 1) {
                throw error(path, node.toString(), "use a number from 0 to 1, e.g. 0.05");
            }
            return node.asDouble();
        }

        String string(String path, JsonNode node) {
            if (!node.isTextual() || node.asText().isBlank()) {
                throw error(path, node.toString(), "use a non-empty string");
            }
            return node.asText();
        }

        int integer(String path, JsonNode node, int min, int max) {
            if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
                throw error(path, node.toString(), "use a whole number from " + min + " to " + max);
            }
            return node.asInt();
        }

        long longValue(String path, JsonNode node) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw error(path, node.toString(), "use a whole number");
            }
            return node.asLong();
        }

        Duration duration(String path, JsonNode node) {
            String text = node.isNumber() ? node.asText() + "ms" : node.asText().trim();
            Matcher m = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
            Duration d;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } else {
                try {
                    d = Duration.parse(text);
                } catch (DateTimeParseException e) {
                    throw error(path, node.toString(), "use a duration like 250ms, 2s, 1m or PT0.5S");
                }
            }
            if (d.isNegative()) {
                throw error(path, node.toString(), "use a duration of zero or more");
            }
            return d;
        }

        void requireObject(String path, JsonNode node) {
            if (!node.isObject()) {
                throw error(path, node.toString(), "use a mapping of keys to values");
            }
        }

        void checkKeys(String prefix, JsonNode node, Set<String> allowed) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw new SimConfigException("sim config " + source + ": unknown key " + prefix + key
                            + "; valid keys here: "
                            + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }

        SimConfigException error(String path, String value, String fix) {
            return new SimConfigException("sim config " + source + ": " + path + ": " + value + " is invalid; " + fix);
        }
    }
}
