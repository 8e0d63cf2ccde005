package ladder.core.ledger;

import java.util.Locale;

/** Why an attempt wrote the prompt cache instead of reading it, or why caching did nothing. */
public enum CacheMissCause {
    /** A cacheable block differs from the task's previous call (see {@link ladder.core.ledger.PrefixBreak}). */
    PREFIX_CHANGED,
    /** Same prefix as the previous call, but the gap exceeded the cache TTL (5 minutes, or 1 hour for 1h writes). */
    TTL_EXPIRED,
    /** The previous call of the task went to a different model, whose cache is separate. */
    MODEL_SWITCHED,
    /** {@code cache_control} was set but nothing was written or read: the prefix is under the model's minimum. */
    BELOW_MINIMUM,
    /** The task wrote the cache and never read it back. */
    WRITTEN_NEVER_READ;

    /** The snake-case id used in SQL and JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cause for {@code id}. */
    public static CacheMissCause parse(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
