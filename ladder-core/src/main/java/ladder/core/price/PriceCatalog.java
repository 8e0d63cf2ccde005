package ladder.core.price;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import ladder.core.ModelId;
import ladder.core.Tier;

/**
 * An immutable, versioned price catalog: layers of {@link ModelPrice} entries, each effective-dated, plus the
 * model each {@link Tier} maps to by default.
 *
 * <p>Layers: the first layer is the base (usually {@link DefaultPriceCatalog#get()}); {@link #withOverrides}
 * adds a layer on top. For a model and an instant, the top-most layer that has an entry for the model in force at
 * that instant wins; a layer without one falls through to the layers below. So a user entry effective from July
 * overrides the built-in price from July on and leaves earlier calls priced as they were.
 *
 * <p>Id resolution ({@link #find}): the id is matched case-insensitively against canonical ids and aliases of every
 * layer; failing that, its platform forms are reduced and matched again: a Bedrock ARN's last path segment, a
 * region prefix ({@code us.}, {@code eu.}, {@code apac.}, {@code global.}, ...), the {@code anthropic.} vendor
 * prefix, a {@code -v1:0} version suffix, a Vertex {@code @20250929} date, a {@code [1m]} suffix and finally a
 * trailing {@code -YYYYMMDD} date. An id that still matches nothing is unknown: {@link #find} returns empty and the
 * call is unpriced, never priced at $0.
 */
public final class PriceCatalog {

    private static final Pattern VERSION_SUFFIX = Pattern.compile("-v\\d+(:\\d+)?$");
    private static final Pattern BRACKET_SUFFIX = Pattern.compile("\\[[a-z0-9]+]$");
    private static final Pattern DATE_SUFFIX = Pattern.compile("-\\d{8}$");
    private static final Pattern REGION_PREFIX = Pattern.compile("[a-z]{2,8}\\.");
    /** Platform spellings remembered after a successful reduction; bounded so odd ids cannot grow it forever. */
    private static final int MAX_REMEMBERED_FORMS = 1_024;

    private final List<Layer> layers;
    private final Map<String, ModelId> rememberedForms = new ConcurrentHashMap<>();
    // lower-case id or alias -> canonical id; later layers overwrite earlier ones
    private final Map<String, ModelId> canonicalByKey;
    private final Map<Tier, ModelId> tierDefaults;

    private PriceCatalog(List<Layer> layers) {
        this.layers = List.copyOf(layers);
        Map<String, ModelId> keys = new HashMap<>();
        Map<Tier, ModelId> defaults = new EnumMap<>(Tier.class);
        for (Layer layer : this.layers) {
            for (ModelPrice price : layer.entries()) {
                keys.put(key(price.id().value()), price.id());
                for (ModelId alias : price.aliases()) {
                    keys.put(key(alias.value()), price.id());
                }
            }
            defaults.putAll(layer.tierDefaults());
        }
        this.canonicalByKey = Map.copyOf(keys);
        this.tierDefaults = Map.copyOf(defaults);
    }

    /**
     * A catalog of one layer.
     *
     * @param name the layer name shown in {@link #versionAt} (e.g. {@code anthropic}, {@code user})
     * @param entries the prices; two entries for the same model must not overlap in time, and an alias must not
     *     name two models
     * @param tierDefaults the model each tier maps to by default (may be partial)
     * @throws IllegalArgumentException naming the entries that conflict
     */
    public static PriceCatalog of(String name, List<ModelPrice> entries, Map<Tier, ModelId> tierDefaults) {
        return new PriceCatalog(List.of(new Layer(name, entries, tierDefaults)));
    }

    /**
     * This catalog with a layer of user entries on top: entries for new models extend it, entries for known models
     * override it where their periods are in force, and the given tier defaults replace the ones they name.
     *
     * @throws IllegalArgumentException as {@link #of}
     */
    public PriceCatalog withOverrides(String name, List<ModelPrice> entries, Map<Tier, ModelId> tierDefaults) {
        List<Layer> more = new ArrayList<>(layers);
        more.add(new Layer(name, entries, tierDefaults));
        return new PriceCatalog(more);
    }

    /**
     * The price version in force for {@code id} at {@code at}, resolving aliases and platform forms.
     *
     * @return empty when the model is unknown or has no price in force at {@code at}
     */
    public Optional<ModelPrice> find(ModelId id, Instant at) {
        Objects.requireNonNull(at, "at");
        ModelId canonical = resolve(id.value());
        if (canonical == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(winner(canonical, at));
    }

    /**
     * The canonical id {@code id} resolves to, whether or not it has a price in force at any given time.
     *
     * @return empty when no entry of any layer matches
     */
    public Optional<ModelId> canonicalId(ModelId id) {
        return Optional.ofNullable(resolve(id.value()));
    }

    /** Every model's winning price version at {@code at}, cheapest tier first, then by id. */
    public List<ModelPrice> inForce(Instant at) {
        Map<ModelId, ModelPrice> winners = new LinkedHashMap<>();
        for (ModelId id : canonicalByKey.values()) {
            if (!winners.containsKey(id)) {
                ModelPrice price = winner(id, at);
                if (price != null) {
                    winners.put(id, price);
                }
            }
        }
        List<ModelPrice> result = new ArrayList<>(winners.values());
        result.sort(Comparator.comparing(ModelPrice::tier)
                .thenComparingLong(ModelPrice::inputNanosPerMTok)
                .thenComparing(p -> p.id().value()));
        return List.copyOf(result);
    }

    /** Every entry of every layer, base layer first, in the order given. */
    public List<ModelPrice> entries() {
        return layers.stream().flatMap(l -> l.entries().stream()).toList();
    }

    /**
     * The price of the model {@code tier} maps to by default, at {@code at}.
     *
     * @return empty when no layer names a default for the tier or that model has no price in force
     */
    public Optional<ModelPrice> defaultForTier(Tier tier, Instant at) {
        ModelId id = tierDefaults.get(tier);
        return id == null ? Optional.empty() : find(id, at);
    }

    /** The model each tier maps to by default (may be partial). */
    public Map<Tier, ModelId> tierDefaults() {
        return tierDefaults;
    }

    /**
     * A label for the catalog state at {@code at}: per layer, its name and the latest effective-from date among its
     * entries in force, joined by {@code +}; e.g. {@code anthropic@2026-06-09} or {@code
     * anthropic@2026-06-09+user@2026-07-01}. Each priced call also keeps its entry's own {@link
     * ModelPrice#versionId()}.
     */
    public String versionAt(Instant at) {
        StringBuilder label = new StringBuilder();
        for (Layer layer : layers) {
            Instant latest = null;
            for (ModelPrice price : layer.entries()) {
                if (price.isInForce(at)
                        && (latest == null || price.effectiveFrom().isAfter(latest))) {
                    latest = price.effectiveFrom();
                }
            }
            if (!label.isEmpty()) {
                label.append('+');
            }
            label.append(layer.name())
                    .append('@')
                    .append(
                            latest == null
                                    ? "none"
                                    : latest.atOffset(ZoneOffset.UTC).toLocalDate());
        }
        return label.toString();
    }

    private ModelPrice winner(ModelId canonical, Instant at) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            List<ModelPrice> versions = layers.get(i).byId().get(canonical);
            if (versions != null) {
                for (ModelPrice price : versions) {
                    if (price.isInForce(at)) {
                        return price;
                    }
                }
            }
        }
        return null;
    }

    private ModelId resolve(String raw) {
        ModelId hit = canonicalByKey.get(raw);
        if (hit != null) {
            return hit; // fast path: the id exactly as listed
        }
        hit = rememberedForms.get(raw);
        if (hit != null) {
            return hit; // a Bedrock or Vertex spelling seen before
        }
        String text = key(raw);
        hit = canonicalByKey.get(text);
        if (hit == null) {
            for (String form : platformForms(text)) {
                hit = canonicalByKey.get(form);
                if (hit != null) {
                    break;
                }
            }
        }
        if (hit != null && rememberedForms.size() < MAX_REMEMBERED_FORMS) {
            rememberedForms.put(raw, hit);
        }
        return hit;
    }

    /**
     * The reduced forms of a lower-case model id to try in order, from the most to the least specific. Package
     * private for tests.
     */
    static List<String> platformForms(String id) {
        List<String> forms = new ArrayList<>(4);
        String text = id;
        int slash = text.lastIndexOf('/');
        if (slash >= 0) {
            text = text.substring(slash + 1); // Bedrock ARN: ...:inference-profile/us.anthropic.claude-...
        }
        int vendor = text.indexOf("anthropic.");
        if (vendor >= 0 && onlyRegionBefore(text, vendor)) {
            text = text.substring(vendor + "anthropic.".length());
        }
        text = VERSION_SUFFIX.matcher(text).replaceFirst("");
        text = BRACKET_SUFFIX.matcher(text).replaceFirst("");
        int at = text.indexOf('@');
        if (at >= 0) {
            forms.add(text.substring(0, at) + "-" + text.substring(at + 1)); // Vertex: claude-x@20250929
            text = text.substring(0, at);
        }
        forms.add(text);
        String undated = DATE_SUFFIX.matcher(text).replaceFirst("");
        if (!undated.equals(text)) {
            forms.add(undated);
        }
        return forms;
    }

    private static boolean onlyRegionBefore(String text, int vendor) {
        if (vendor == 0) {
            return true;
        }
        String prefix = text.substring(0, vendor);
        return REGION_PREFIX.matcher(prefix).matches();
    }

    private static String key(String id) {
        return id.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "PriceCatalog[" + layers.stream().map(Layer::name).toList() + "]";
    }

    private record Layer(
            String name,
            List<ModelPrice> entries,
            Map<Tier, ModelId> tierDefaults,
            Map<ModelId, List<ModelPrice>> byId) {

        Layer(String name, List<ModelPrice> entries, Map<Tier, ModelId> tierDefaults) {
            this(name, List.copyOf(entries), Map.copyOf(tierDefaults), index(name, entries));
        }

        Layer {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("catalog layer name must not be blank");
            }
        }

        private static Map<ModelId, List<ModelPrice>> index(String name, List<ModelPrice> entries) {
            Map<ModelId, List<ModelPrice>> byId = new HashMap<>();
            Map<String, ModelId> owners = new HashMap<>();
            for (ModelPrice price : entries) {
                List<ModelPrice> versions = byId.computeIfAbsent(price.id(), k -> new ArrayList<>());
                for (ModelPrice other : versions) {
                    if (other.overlaps(price)) {
                        throw new IllegalArgumentException(name + ": two prices for " + price.id()
                                + " overlap in time: " + other.versionId() + " and " + price.versionId());
                    }
                }
                versions.add(price);
                claim(name, owners, price.id().value(), price.id());
                for (ModelId alias : price.aliases()) {
                    claim(name, owners, alias.value(), price.id());
                }
            }
            Map<ModelId, List<ModelPrice>> frozen = new HashMap<>();
            byId.forEach((id, versions) -> frozen.put(id, List.copyOf(versions)));
            return Map.copyOf(frozen);
        }

        private static void claim(String name, Map<String, ModelId> owners, String idOrAlias, ModelId owner) {
            ModelId previous = owners.putIfAbsent(key(idOrAlias), owner);
            if (previous != null && !previous.equals(owner)) {
                throw new IllegalArgumentException(
                        name + ": '" + idOrAlias + "' names two models: " + previous + " and " + owner);
            }
        }
    }
}
