package ladder.core.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ladder.core.ModelId;
import ladder.core.TaskId;

/**
 * Fills in {@link Precedents} for attempts in the order a gateway records them: per task, the last attempt that
 * carried cacheable blocks; per (key, body hash), when the key last sent that body as a first attempt. Both maps are
 * LRU-bounded, so memory stays flat however many tasks pass; a task or body evicted (or from before a restart) is
 * simply not known, which the findings treat as "no previous call". Thread-safe (one lock; O(1) per attempt plus a
 * comparison of two fingerprint lists).
 */
public final class PrecedentTracker {

    /** Tasks and bodies remembered unless configured otherwise. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private record LastCall(Instant time, ModelId model, List<Long> fingerprints) {}

    private record KeyBody(String keyId, long bodyHash) {}

    private final Map<TaskId, LastCall> tasks;
    private final Map<KeyBody, Instant> bodies;

    /** A tracker remembering {@link #DEFAULT_CAPACITY} tasks and as many bodies. */
    public PrecedentTracker() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * A tracker remembering the {@code capacity} most recently seen tasks and as many (key, body) pairs.
     *
     * @throws IllegalArgumentException when {@code capacity < 1}
     */
    public PrecedentTracker(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("precedent tracker capacity must be >= 1, was " + capacity);
        }
        this.tasks = lru(capacity);
        this.bodies = lru(capacity);
    }

    /** {@code record} with its {@link Precedents} filled in from the attempts seen before it; remembers it. */
    public CallRecord annotate(CallRecord record) {
        Objects.requireNonNull(record, "record");
        return record.toBuilder().precedents(observe(record)).build();
    }

    /** The precedents of {@code record} from the attempts seen before it; remembers it. */
    public synchronized Precedents observe(CallRecord record) {
        long taskGap = Precedents.UNKNOWN;
        boolean modelChanged = false;
        boolean prefixExtended = false;
        List<Long> fingerprints = record.prefixFingerprints();
        if (!fingerprints.isEmpty()) {
            LastCall previous =
                    tasks.put(record.taskId(), new LastCall(record.time(), record.routedModel(), fingerprints));
            if (previous != null) {
                taskGap = gapMicros(previous.time(), record.time());
                modelChanged = !previous.model().equals(record.routedModel());
                prefixExtended = startsWith(fingerprints, previous.fingerprints());
            }
        }
        long repeatGap = Precedents.UNKNOWN;
        if (record.attempt().index() == 0 && record.bodyHash() != 0) {
            Instant previous = bodies.put(new KeyBody(record.keyId(), record.bodyHash()), record.time());
            if (previous != null) {
                repeatGap = gapMicros(previous, record.time());
            }
        }
        return new Precedents(taskGap, modelChanged, prefixExtended, repeatGap);
    }

    // Attempts reach the ledger when they end, so a later-started attempt can arrive first: the gap is the distance.
    private static long gapMicros(Instant a, Instant b) {
        Duration d = Duration.between(a, b).abs();
        return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
    }

    private static boolean startsWith(List<Long> list, List<Long> prefix) {
        return list.size() >= prefix.size() && list.subList(0, prefix.size()).equals(prefix);
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
