package ladder.app.price;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;
import ladder.core.price.Factor;
import ladder.core.price.LongContextRule;
import ladder.core.price.ModelPrice;
import ladder.core.price.PriceCatalog;

/**
 * A user price catalog in YAML that extends or overrides a base catalog. Format (see {@code
 * examples/catalog.yaml}):
 *
 * <pre>
 * catalog: acme                      # layer name used in price version ids; default "user"
 * models:
 *   - id: claude-sonnet-4-6          # required; canonical API model id
 *     tier: medium                   # required; small | medium | large | frontier
 *     aliases: [acme-sonnet]         # optional
 *     effective-from: 2026-07-01     # required; a date (UTC midnight) or an ISO instant
 *     effective-to: 2027-01-01       # optional, exclusive
 *     input: "2.70"                  # required; USD per million tokens, exact decimal
 *     output: "13.50"                # required
 *     cache-write-5m: "3.375"        # optional; default 1.25 x input
 *     cache-write-1h: "5.40"         # optional; default 2 x input
 *     cache-read: "0.27"             # optional; default 0.1 x input
 *     batch-factor: "0.5"            # optional; default 0.5
 *     context-window: 1000000        # optional; default: the built-in model's, else 200000
 *     long-context:                  # optional
 *       threshold-input-tokens: 200000
 *       input-factor: "2"
 *       output-factor: "1.5"
 *     web-search-per-request: "0.01" # optional; USD per request, default 0.01
 *     web-fetch-per-request: "0"     # optional; default 0
 *     source: "Acme contract"        # optional; default "user catalog FILE"
 * tier-defaults:                     # optional
 *   medium: claude-sonnet-4-6
 * </pre>
 *
 * <p>Loading collects every problem, each naming the file, line, entry and field.
 */
public final class CatalogFile {

    /** The layer name when the file gives none. */
    public static final String DEFAULT_NAME = "user";

    private static final Set<String> ROOT_FIELDS = Set.of("catalog", "models", "tier-defaults");
    private static final List<String> MODEL_FIELDS = List.of(
            "id",
            "tier",
            "aliases",
            "effective-from",
            "effective-to",
            "input",
            "output",
            "cache-write-5m",
            "cache-write-1h",
            "cache-read",
            "batch-factor",
            "context-window",
            "long-context",
            "web-search-per-request",
            "web-fetch-per-request",
            "source");
    private static final List<String> LONG_CONTEXT_FIELDS =
            List.of("threshold-input-tokens", "input-factor", "output-factor");

    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String fileName;
    private final List<CatalogProblem> problems = new ArrayList<>();
    private Map<String, Integer> lines = Map.of();

    private CatalogFile(String fileName) {
        this.fileName = fileName;
    }

    /**
     * The result of loading a file: the base catalog with the file's layer on top, or every problem found.
     *
     * @param catalog the combined catalog, present only when there are no problems
     * @param problems every problem, in file order; empty when the file is valid
     */
    public record Loaded(Optional<PriceCatalog> catalog, List<CatalogProblem> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    /** Reads {@code file} and layers it over {@code base}. Never throws for a bad file: see {@link Loaded}. */
    public static Loaded load(Path file, PriceCatalog base) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return new Loaded(
                    Optional.empty(),
                    List.of(new CatalogProblem(file.toString(), 0, "", "", "cannot read the file: " + describe(e))));
        }
        return parse(file.toString(), text, base);
    }

    /** Parses catalog YAML {@code text} named {@code fileName} and layers it over {@code base}. */
    public static Loaded parse(String fileName, String text, PriceCatalog base) {
        return new CatalogFile(fileName).read(text, base);
    }

    private Loaded read(String text, PriceCatalog base) {
        JsonNode root;
        try {
            lines = lineIndex(text);
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problem(line, "", "", "not valid YAML: " + firstLine(e.getOriginalMessage()));
            return new Loaded(Optional.empty(), sorted());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            problem(0, "", "", "the file is empty; expected a mapping with a 'models' list");
            return new Loaded(Optional.empty(), sorted());
        }
        if (!root.isObject()) {
            problem(1, "", "", "expected a mapping with a 'models' list at the top");
            return new Loaded(Optional.empty(), sorted());
        }
        unknownFields(root, "", "", ROOT_FIELDS.stream().sorted().toList());
        String name = DEFAULT_NAME;
        JsonNode nameNode = root.get("catalog");
        if (nameNode != null) {
            if (!nameNode.isTextual() || nameNode.textValue().isBlank()) {
                problem(line("/catalog"), "", "catalog", "must be a non-blank name");
            } else {
                name = nameNode.textValue().trim();
            }
        }
        List<ModelPrice> entries = new ArrayList<>();
        JsonNode models = root.get("models");
        if (models == null || !models.isArray()) {
            problem(line("/models"), "", "models", "must be a list of model entries");
        } else {
            for (int i = 0; i < models.size(); i++) {
                model(models.get(i), i, name, base).ifPresent(entries::add);
            }
        }
        Map<Tier, ModelId> tierDefaults = tierDefaults(root.get("tier-defaults"), entries, base);
        if (!problems.isEmpty()) {
            return new Loaded(Optional.empty(), sorted());
        }
        try {
            return new Loaded(Optional.of(base.withOverrides(name, entries, tierDefaults)), problems);
        } catch (IllegalArgumentException e) {
            problem(line("/models"), "", "models", e.getMessage());
            return new Loaded(Optional.empty(), sorted());
        }
    }

    private Optional<ModelPrice> model(JsonNode node, int index, String catalogName, PriceCatalog base) {
        String pointer = "/models/" + index;
        String entry = "models[" + index + "]";
        if (!node.isObject()) {
            problem(line(pointer), entry, "", "must be a mapping with id, tier, input, output, effective-from");
            return Optional.empty();
        }
        JsonNode idNode = node.get("id");
        if (idNode != null && idNode.isTextual() && !idNode.textValue().isBlank()) {
            entry = entry + " (" + idNode.textValue().trim() + ")";
        }
        int before = problems.size();
        unknownFields(node, pointer, entry, MODEL_FIELDS);
        Field f = new Field(pointer, entry);
        String id = f.text(node, "id", true);
        Tier tier = f.tier(node);
        List<ModelId> aliases = f.aliases(node);
        Instant from = f.instant(node, "effective-from", true);
        Instant to = f.instant(node, "effective-to", false);
        Long input = f.usdPerMTok(node, "input", true);
        Long output = f.usdPerMTok(node, "output", true);
        Long write5m = f.usdPerMTok(node, "cache-write-5m", false);
        Long write1h = f.usdPerMTok(node, "cache-write-1h", false);
        Long read = f.usdPerMTok(node, "cache-read", false);
        Factor batch = f.factor(node, "batch-factor");
        Long context = f.tokens(node, "context-window", false);
        LongContextRule longContext = f.longContext(node);
        Long webSearch = f.usdPerMTok(node, "web-search-per-request", false);
        Long webFetch = f.usdPerMTok(node, "web-fetch-per-request", false);
        String source = f.text(node, "source", false);
        if (problems.size() > before) {
            return Optional.empty();
        }
        try {
            ModelPrice.Builder builder = ModelPrice.builder(ModelId.of(id), tier)
                    .catalog(catalogName)
                    .aliases(aliases)
                    .rates(input, output)
                    .effective(from, to == null ? ModelPrice.OPEN_END : to)
                    .source(source == null ? "user catalog " + fileName : source)
                    .longContext(longContext);
            if (write5m != null) {
                builder.cacheWrite5m(write5m);
            }
            if (write1h != null) {
                builder.cacheWrite1h(write1h);
            }
            if (read != null) {
                builder.cacheRead(read);
            }
            if (batch != null) {
                builder.batchFactor(batch);
            }
            if (context != null) {
                builder.contextWindow(context);
            } else {
                // overriding a known model keeps its context window unless the entry says otherwise
                base.find(ModelId.of(id), from).ifPresent(known -> builder.contextWindow(known.contextWindow()));
            }
            if (webSearch != null) {
                builder.webSearchNanosPerRequest(webSearch);
            }
            if (webFetch != null) {
                builder.webFetchNanosPerRequest(webFetch);
            }
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String prefix = id + ": ";
            problem(
                    line(pointer),
                    entry,
                    "",
                    message.startsWith(prefix) ? message.substring(prefix.length()) : message);
            return Optional.empty();
        }
    }

    private Map<Tier, ModelId> tierDefaults(JsonNode node, List<ModelPrice> entries, PriceCatalog base) {
        Map<Tier, ModelId> defaults = new EnumMap<>(Tier.class);
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            problem(line("/tier-defaults"), "", "tier-defaults", "must be a mapping of tier to model id");
            return defaults;
        }
        PriceCatalog withEntries = null;
        try {
            withEntries = base.withOverrides("check", entries, Map.of());
        } catch (IllegalArgumentException e) {
            // reported when the catalog is assembled
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = "tier-defaults." + field.getKey();
            int line = line("/tier-defaults/" + field.getKey());
            Tier tier;
            try {
                tier = Tier.parse(field.getKey());
            } catch (IllegalArgumentException e) {
                problem(line, "", path, e.getMessage());
                continue;
            }
            if (!field.getValue().isTextual() || field.getValue().textValue().isBlank()) {
                problem(line, "", path, "must be a model id");
                continue;
            }
            ModelId id = ModelId.of(field.getValue().textValue().trim());
            if (withEntries != null && withEntries.canonicalId(id).isEmpty()) {
                problem(line, "", path, "unknown model '" + id + "'; list it under models or use a built-in id");
                continue;
            }
            defaults.put(
                    tier, withEntries == null ? id : withEntries.canonicalId(id).orElse(id));
        }
        return defaults;
    }

    private void unknownFields(JsonNode node, String pointer, String entry, List<String> valid) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!valid.contains(name)) {
                problem(
                        line(pointer + "/" + name),
                        entry,
                        name,
                        "unknown field; valid fields are " + String.join(", ", valid));
            }
        }
    }

    private List<CatalogProblem> sorted() {
        List<CatalogProblem> byLine = new ArrayList<>(problems);
        byLine.sort(java.util.Comparator.comparingInt(CatalogProblem::line)); // stable: same line keeps order
        return byLine;
    }

    private void problem(int line, String entry, String field, String message) {
        problems.add(new CatalogProblem(fileName, line, entry, field, message));
    }

    private int line(String pointer) {
        Integer line = lines.get(pointer);
        return line == null ? 0 : line;
    }

    /** JSON pointer of every key and list element to its 1-based line. */
    private Map<String, Integer> lineIndex(String text) throws JsonProcessingException {
        Map<String, Integer> index = new HashMap<>();
        try (JsonParser parser = yaml.getFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.FIELD_NAME) {
                    index.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(), line);
                } else if (parser.getParsingContext().inArray()
                        || (token.isStructStart()
                                && parser.getParsingContext().getParent() != null
                                && parser.getParsingContext().getParent().inArray())) {
                    String pointer = token.isStructStart()
                            ? parser.getParsingContext()
                                    .getParent()
                                    .pathAsPointer()
                                    .toString()
                            : parser.getParsingContext().pathAsPointer().toString();
                    index.putIfAbsent(pointer, line);
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading YAML from a string", e);
        }
        return index;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
    }

    /** Reads and checks the fields of one entry, recording a problem for each bad one. */
    private final class Field {
        private final String pointer;
        private final String entry;

        Field(String pointer, String entry) {
            this.pointer = pointer;
            this.entry = entry;
        }

        String text(JsonNode node, String name, boolean required) {
            JsonNode value = present(node, name, required, "a non-blank string");
            if (value == null) {
                return null;
            }
            if (!value.isTextual() || value.textValue().isBlank()) {
                bad(name, "must be a non-blank string, got " + value);
                return null;
            }
            return value.textValue().trim();
        }

        Tier tier(JsonNode node) {
            String text = text(node, "tier", true);
            if (text == null) {
                return null;
            }
            try {
                return Tier.parse(text);
            } catch (IllegalArgumentException e) {
                bad("tier", e.getMessage());
                return null;
            }
        }

        List<ModelId> aliases(JsonNode node) {
            JsonNode value = node.get("aliases");
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                bad("aliases", "must be a list of model ids");
                return List.of();
            }
            List<ModelId> aliases = new ArrayList<>();
            for (JsonNode alias : value) {
                if (!alias.isTextual() || alias.textValue().isBlank()) {
                    bad("aliases", "every alias must be a non-blank string, got " + alias);
                } else {
                    aliases.add(ModelId.of(alias.textValue().trim()));
                }
            }
            return aliases;
        }

        Instant instant(JsonNode node, String name, boolean required) {
            JsonNode value = present(node, name, required, "a date such as 2026-07-01 or an ISO instant");
            if (value == null) {
                return null;
            }
            try {
                return parseInstant(value.asText());
            } catch (DateTimeParseException e) {
                bad(
                        name,
                        "must be a date such as 2026-07-01 or an ISO instant such as 2026-07-01T00:00:00Z, got '"
                                + value.asText() + "'");
                return null;
            }
        }

        Long usdPerMTok(JsonNode node, String name, boolean required) {
            JsonNode value = present(node, name, required, "a dollar amount such as \"3.75\"");
            if (value == null) {
                return null;
            }
            BigDecimal usd = decimal(value);
            if (usd == null) {
                bad(name, "must be a dollar amount such as \"3.75\", got " + value);
                return null;
            }
            if (usd.signum() < 0) {
                bad(name, "must be >= 0, got " + usd.toPlainString());
                return null;
            }
            try {
                return Money.parseUsd(usd.toPlainString()).nanos();
            } catch (IllegalArgumentException e) {
                bad(name, e.getMessage());
                return null;
            }
        }

        Factor factor(JsonNode node, String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            BigDecimal decimal = decimal(value);
            if (decimal == null) {
                bad(name, "must be a decimal factor such as \"0.5\", got " + value);
                return null;
            }
            try {
                return Factor.of(decimal);
            } catch (IllegalArgumentException e) {
                bad(name, e.getMessage());
                return null;
            }
        }

        Long tokens(JsonNode node, String name, boolean required) {
            JsonNode value = present(node, name, required, "a positive whole number of tokens");
            if (value == null) {
                return null;
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
                bad(name, "must be a positive whole number of tokens, got " + value);
                return null;
            }
            return value.longValue();
        }

        LongContextRule longContext(JsonNode node) {
            JsonNode value = node.get("long-context");
            if (value == null || value.isNull()) {
                return LongContextRule.None.INSTANCE;
            }
            if (!value.isObject()) {
                bad("long-context", "must be a mapping with " + String.join(", ", LONG_CONTEXT_FIELDS));
                return LongContextRule.None.INSTANCE;
            }
            unknownFields(value, pointer + "/long-context", entry, LONG_CONTEXT_FIELDS);
            Field nested = new Field(pointer + "/long-context", entry);
            Long threshold = nested.tokens(value, "threshold-input-tokens", true);
            Factor in = nested.requiredFactor(value, "input-factor");
            Factor out = nested.requiredFactor(value, "output-factor");
            if (threshold == null || in == null || out == null) {
                return LongContextRule.None.INSTANCE;
            }
            return new LongContextRule.Premium(threshold, in, out);
        }

        private Factor requiredFactor(JsonNode node, String name) {
            if (present(node, name, true, "a decimal factor such as \"1.5\"") == null) {
                return null;
            }
            return factor(node, name);
        }

        private JsonNode present(JsonNode node, String name, boolean required, String expected) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                if (required) {
                    problem(line(pointer), entry, qualified(name), "is required; expected " + expected);
                }
                return null;
            }
            return value;
        }

        private void bad(String name, String message) {
            problem(line(pointer + "/" + name), entry, qualified(name), message);
        }

        private String qualified(String name) {
            return pointer.endsWith("/long-context") ? "long-context." + name : name;
        }
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) {
            return value.isIntegralNumber() ? new BigDecimal(value.bigIntegerValue()) : value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Parses {@code 2026-07-01} (UTC midnight) or an ISO instant. */
    static Instant parseInstant(String text) {
        String trimmed = text.trim();
        if (trimmed.length() == 10) {
            return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(trimmed);
    }
}
