package ladder.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Emulates prompt caching by prefix. A cache entry's key is the model plus the exact canonical bytes of the prompt
 * up to and including a breakpoint block (tools, then system, then messages). A request reads the longest prefix
 * that an earlier request wrote and that has not expired, looking back up to {@value #LOOKBACK_BLOCKS} blocks before
 * each of its breakpoints as the real API does, and writes every breakpoint after that point. Prefixes shorter than
 * the model's minimum cacheable length are neither read nor written. Token classes are disjoint: input tokens are
 * those after the last read or written point.
 */
final class PromptCache {

    /** How many blocks before a breakpoint the API checks for an earlier cache entry. */
    static final int LOOKBACK_BLOCKS = 20;
    /** Entries kept before expired ones are swept. */
    private static final int SWEEP_THRESHOLD = 100_000;

    private final InstantSource clock;
    private final Map<String, Entry> entries = new HashMap<>();

    private record Entry(Instant expiresAt, Duration ttl) {}

    PromptCache(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * How a prompt's input tokens split into plain input, cache reads and cache writes.
     *
     * @param inputTokens tokens after the last cache read or write point
     * @param cacheReadTokens tokens served from the cache
     * @param cacheWrite5mTokens tokens written with the 5-minute TTL
     * @param cacheWrite1hTokens tokens written with the 1-hour TTL
     */
    record Accounting(int inputTokens, int cacheReadTokens, int cacheWrite5mTokens, int cacheWrite1hTokens) {

        /** All tokens written to the cache. */
        int cacheCreationTokens() {
            return cacheWrite5mTokens + cacheWrite1hTokens;
        }

        /** Plain input, reads and writes together. */
        int totalTokens() {
            return inputTokens + cacheReadTokens + cacheCreationTokens();
        }
    }

    /** Accounts one request to {@code model}: reads hits (refreshing them) and writes new breakpoints. */
    Accounting account(String model, PromptLayout layout, int minCacheableTokens) {
        List<PromptLayout.Block> blocks = layout.blocks();
        int n = blocks.size();
        int[] prefixTokens = new int[n];
        String[] keys = new String[n];
        MessageDigest digest = sha256();
        digest.update(model.getBytes(StandardCharsets.UTF_8));
        int sum = 0;
        for (int i = 0; i < n; i++) {
            byte[] bytes = blocks.get(i).canonical().getBytes(StandardCharsets.UTF_8);
            digest.update(
                    ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            digest.update(bytes);
            keys[i] = HexFormat.of().formatHex(clone(digest).digest());
            sum += blocks.get(i).tokens();
            prefixTokens[i] = sum;
        }
        Instant now = clock.instant();
        synchronized (this) {
            int hit = -1;
            for (int bp = 0; bp < n; bp++) {
                if (!eligible(blocks.get(bp), prefixTokens[bp], minCacheableTokens)) {
                    continue;
                }
                for (int j = bp; j >= Math.max(0, bp - LOOKBACK_BLOCKS + 1) && j > hit; j--) {
                    Entry entry = entries.get(keys[j]);
                    if (entry != null && now.isBefore(entry.expiresAt())) {
                        hit = j;
                        break;
                    }
                }
            }
            int read = hit >= 0 ? prefixTokens[hit] : 0;
            if (hit >= 0) {
                // A read refreshes the entry for another full TTL, as the real cache does.
                Entry entry = entries.get(keys[hit]);
                entries.put(keys[hit], new Entry(now.plus(entry.ttl()), entry.ttl()));
            }
            int last = hit;
            int write5m = 0;
            int write1h = 0;
            for (int bp = hit + 1; bp < n; bp++) {
                PromptLayout.Block b = blocks.get(bp);
                if (!eligible(b, prefixTokens[bp], minCacheableTokens)) {
                    continue;
                }
                int segment = prefixTokens[bp] - (last >= 0 ? prefixTokens[last] : 0);
                if (b.breakpoint() == PromptLayout.Breakpoint.ONE_HOUR) {
                    write1h += segment;
                } else {
                    write5m += segment;
                }
                Duration ttl = duration(b.breakpoint());
                Entry old = entries.get(keys[bp]);
                if (old == null || old.expiresAt().isBefore(now.plus(ttl))) {
                    entries.put(keys[bp], new Entry(now.plus(ttl), ttl));
                }
                last = bp;
            }
            int input = sum - (last >= 0 ? prefixTokens[last] : 0);
            if (entries.size() > SWEEP_THRESHOLD) {
                entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
            }
            return new Accounting(input, read, write5m, write1h);
        }
    }

    /** Forgets every entry. */
    synchronized void clear() {
        entries.clear();
    }

    private static boolean eligible(PromptLayout.Block block, int prefixTokens, int minCacheableTokens) {
        return block.isBreakpoint() && prefixTokens >= minCacheableTokens;
    }

    private static Duration duration(PromptLayout.Breakpoint bp) {
        return bp == PromptLayout.Breakpoint.ONE_HOUR ? Duration.ofHours(1) : Duration.ofMinutes(5);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static MessageDigest clone(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 digest is cloneable", e);
        }
    }
}
