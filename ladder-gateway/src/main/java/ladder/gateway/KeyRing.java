package ladder.gateway;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** The set of Ladder keys the gateway accepts. Immutable. */
public final class KeyRing {

    /** The outcome of checking a presented key. */
    sealed interface Check {
        record Valid(ApiKey key) implements Check {}

        record Revoked(ApiKey key) implements Check {}

        record Unknown() implements Check {}
    }

    private record Entry(byte[] hash, ApiKey key) {}

    private final List<Entry> entries;

    private KeyRing(List<ApiKey> keys) {
        this.entries = keys.stream()
                .map(k -> new Entry(HexFormat.of().parseHex(k.sha256()), k))
                .toList();
    }

    /** A key ring holding {@code keys}. */
    public static KeyRing of(List<ApiKey> keys) {
        return new KeyRing(List.copyOf(keys));
    }

    /** Checks a presented key against every stored hash in constant time per entry. */
    Check check(String presented) {
        byte[] hash = ApiKey.sha256(presented);
        Entry match = null;
        for (Entry e : entries) {
            // Compare every entry, not stopping at the first match, so timing does not tell how far a guess got.
            if (MessageDigest.isEqual(hash, e.hash()) && match == null) {
                match = e;
            }
        }
        if (match == null) {
            return new Check.Unknown();
        }
        return match.key().revoked() ? new Check.Revoked(match.key()) : new Check.Valid(match.key());
    }

    /** How many keys the ring holds, revoked included. */
    public int size() {
        return entries.size();
    }
}
