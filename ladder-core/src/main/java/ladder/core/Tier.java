package ladder.core;

import java.util.Locale;
import java.util.Optional;

/**
 * A rung of the ladder, cheapest first. A tier maps to a concrete model through the price catalog, so a new model
 * or price is one mapping change.
 */
public enum Tier {
    /** Classify, extract, route, triage (Haiku class). */
    SMALL,
    /** Execute, draft, summarize, transform (Sonnet class). */
    MEDIUM,
    /** Plan, reason, synthesize (Opus class). */
    LARGE,
    /** The top tier, only by explicit exception. */
    FRONTIER;

    private static final Tier[] VALUES = values();

    /** The lower-case name used in config files and on the wire ({@code small}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The next tier up, or empty at the top. */
    public Optional<Tier> up() {
        return ordinal() + 1 < VALUES.length ? Optional.of(VALUES[ordinal() + 1]) : Optional.empty();
    }

    /** The next tier down, or empty at the bottom. */
    public Optional<Tier> down() {
        return ordinal() > 0 ? Optional.of(VALUES[ordinal() - 1]) : Optional.empty();
    }

    /** Whether this tier is above {@code other}. */
    public boolean isAbove(Tier other) {
        return compareTo(other) > 0;
    }

    /**
     * Parses a tier id, case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid tiers when {@code text} is not one
     */
    public static Tier parse(String text) {
        for (Tier tier : VALUES) {
            if (tier.id().equalsIgnoreCase(text.trim())) {
                return tier;
            }
        }
        throw new IllegalArgumentException(
                "unknown tier '" + text + "'; valid tiers are small, medium, large, frontier");
    }

    @Override
    public String toString() {
        return id();
    }
}
