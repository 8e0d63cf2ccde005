package ladder.core;

/**
 * The 64-bit hashes Ladder computes itself (prompt-block fingerprints, the keys of remembered tasks and bodies):
 * FNV-1a, then the MurmurHash3 finaliser so that close inputs spread over all bits. Stable across runs and JVMs, so
 * what one process stores another can compare.
 */
public final class Hash64 {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hash64() {}

    /** FNV-1a over {@code bytes[from, to)}, mixed. */
    public static long of(byte[] bytes, int from, int to) {
        long h = FNV_OFFSET;
        for (int i = from; i < to; i++) {
            h ^= bytes[i] & 0xff;
            h *= FNV_PRIME;
        }
        return mix(h);
    }

    /** FNV-1a over the UTF-16 units of {@code s}, mixed. */
    public static long of(String s) {
        long h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return mix(h);
    }

    /** The MurmurHash3 64-bit finaliser. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
