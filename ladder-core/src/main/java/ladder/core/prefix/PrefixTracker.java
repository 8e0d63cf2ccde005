package ladder.core.prefix;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ladder.core.TaskId;
import ladder.core.ledger.PrefixBreak;

/**
 * Fingerprints the cacheable prefix of Messages API requests and finds where it changed between consecutive calls
 * of one task, so a report can say "the system prompt changes at byte 1,412 (looks like {@code 9999-99-99a99:99})"
 * instead of only "cache hit ratio fell".
 *
 * <p>Blocks, in prompt order: {@code tools}, {@code system}, then {@code messages[0]} up to the last message that
 * carries a {@code cache_control} breakpoint (every message when the request has a top-level {@code cache_control}).
 * A request with no {@code cache_control} anywhere has no cacheable block. Each block is hashed as Ladder normalises
 * it: whitespace outside strings is dropped and {@code cache_control} members are removed, because moving a
 * breakpoint to the newest message (the usual agent-loop pattern) does not change what the cache holds. Byte offsets
 * refer to that normalised form.
 *
 * <p>Per task it keeps each block's fingerprint and the hashes of its {@value #CHUNK_BYTES}-byte chunks (at most
 * {@link #MAX_CHUNKS_PER_TASK} per task, after which a change is located only to the last tracked chunk), for the
 * {@code maxTasks} most recently seen tasks (LRU). Memory is therefore bounded by about {@code maxTasks x
 * MAX_CHUNKS_PER_TASK x 8} bytes. Thread-safe (one lock; the work per call is a linear scan of the body).
 *
 * <p>Use from the gateway, once per upstream request, before sending:
 *
 * <pre>{@code
 * PrefixObservation seen = tracker.observe(taskId, requestBodyBytes);
 * recordBuilder.prefixFingerprints(seen.fingerprints()).prefixBreaks(seen.breaks());
 * }</pre>
 */
public final class PrefixTracker {

    /** Chunk size in bytes for locating a change. */
    public static final int CHUNK_BYTES = 32;

    /** Tasks remembered unless configured otherwise. */
    public static final int DEFAULT_MAX_TASKS = 4_096;

    /** Chunk hashes kept per task across all its blocks (256 KiB of prompt at 32 bytes a chunk). */
    public static final int MAX_CHUNKS_PER_TASK = 8_192;

    /** Characters of redacted context around a change. */
    public static final int CONTEXT_CHARS = 40;

    private static final byte[] CACHE_CONTROL = "\"cache_control\"".getBytes(StandardCharsets.US_ASCII);

    private final int maxTasks;
    private final LinkedHashMap<TaskId, List<Block>> tasks;

    /** A tracker remembering {@link #DEFAULT_MAX_TASKS} tasks. */
    public PrefixTracker() {
        this(DEFAULT_MAX_TASKS);
    }

    /**
     * A tracker remembering the {@code maxTasks} most recently seen tasks.
     *
     * @throws IllegalArgumentException when {@code maxTasks < 1}
     */
    public PrefixTracker(int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("prefix tracker max tasks must be >= 1, was " + maxTasks);
        }
        this.maxTasks = maxTasks;
        this.tasks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TaskId, List<Block>> eldest) {
                return size() > PrefixTracker.this.maxTasks;
            }
        };
    }

    /**
     * Fingerprints {@code requestJson} (a Messages API request body, UTF-8) and compares it with the previous call of
     * {@code taskId}. Never throws for a malformed body: it answers {@link PrefixObservation#NONE}.
     */
    public PrefixObservation observe(TaskId taskId, byte[] requestJson) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(requestJson, "requestJson");
        List<Block> blocks;
        try {
            blocks = new Scanner(requestJson).blocks();
        } catch (MalformedJson e) {
            return PrefixObservation.NONE;
        }
        List<Long> fingerprints = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            fingerprints.add(b.fingerprint);
        }
        List<PrefixBreak> breaks;
        synchronized (this) {
            List<Block> previous = tasks.get(taskId);
            breaks = previous == null ? List.of() : firstBreak(previous, blocks);
            if (!blocks.isEmpty()) {
                tasks.put(taskId, bounded(blocks));
            }
        }
        return new PrefixObservation(fingerprints, breaks);
    }

    /** How many tasks the tracker currently remembers; at most {@code maxTasks}. */
    public synchronized int trackedTasks() {
        return tasks.size();
    }

    private static List<PrefixBreak> firstBreak(List<Block> previous, List<Block> current) {
        for (int i = 0; i < previous.size(); i++) {
            Block before = previous.get(i);
            if (i >= current.size()) {
                // The prompt ends earlier than before: a block vanished (e.g. tools removed, history trimmed).
                return List.of(new PrefixBreak(before.label, 0, ""));
            }
            Block now = current.get(i);
            if (!now.label.equals(before.label)) {
                return List.of(new PrefixBreak(now.label, 0, context(now.bytes, 0)));
            }
            if (now.fingerprint != before.fingerprint) {
                long offset = firstDifferingChunk(before, now) * (long) CHUNK_BYTES;
                return List.of(new PrefixBreak(now.label, offset, context(now.bytes, (int) offset)));
            }
        }
        return List.of();
    }

    private static int firstDifferingChunk(Block before, Block now) {
        int n = Math.min(before.chunks.length, now.chunks.length);
        for (int c = 0; c < n; c++) {
            if (before.chunks[c] != now.chunks[c]) {
                return c;
            }
        }
        return n; // one is a prefix of the other, or the difference lies beyond the tracked chunks
    }

    /** Keeps at most {@link #MAX_CHUNKS_PER_TASK} chunk hashes across the blocks, and drops the bytes. */
    private static List<Block> bounded(List<Block> blocks) {
        List<Block> kept = new ArrayList<>(blocks.size());
        int budget = MAX_CHUNKS_PER_TASK;
        for (Block b : blocks) {
            int n = Math.min(b.chunks.length, budget);
            budget -= n;
            long[] chunks = n == b.chunks.length ? b.chunks : java.util.Arrays.copyOf(b.chunks, n);
            kept.add(new Block(b.label, b.fingerprint, chunks, EMPTY));
        }
        return kept;
    }

    private static final byte[] EMPTY = new byte[0];

    /** Redacts about {@link #CONTEXT_CHARS} bytes from a little before {@code offset}. */
    static String context(byte[] bytes, int offset) {
        int from = Math.max(0, Math.min(offset, bytes.length) - 4);
        int to = Math.min(bytes.length, from + CONTEXT_CHARS);
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            out.append(redact(bytes[i]));
        }
        return out.toString();
    }

    /** Digits become 9, letters a, other printable ASCII stays, anything else (control, non-ASCII) becomes '.'. */
    static char redact(byte b) {
        int c = b & 0xff;
        if (c >= '0' && c <= '9') {
            return '9';
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return 'a';
        }
        if (c >= 0x20 && c < 0x7f) {
            return (char) c;
        }
        return '.';
    }

    /** A hash of {@code bytes[from, to)} (see {@link ladder.core.Hash64}). */
    static long hash(byte[] bytes, int from, int to) {
        return ladder.core.Hash64.of(bytes, from, to);
    }

    /** One normalised cacheable block. */
    private record Block(String label, long fingerprint, long[] chunks, byte[] bytes) {

        // The block's fingerprint hashes its chunk hashes: one pass over the bytes instead of two.
        static Block of(String label, byte[] bytes) {
            long[] chunks = new long[(bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES];
            for (int c = 0; c < chunks.length; c++) {
                chunks[c] = hash(bytes, c * CHUNK_BYTES, Math.min(bytes.length, (c + 1) * CHUNK_BYTES));
            }
            return new Block(label, ladder.core.Hash64.of(chunks), chunks, bytes);
        }
    }

    /** A growing byte buffer without the locking of {@code ByteArrayOutputStream}, for the normalised blocks. */
    private static final class Bytes {
        private byte[] buf;
        private int size;

        Bytes(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        void write(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void write(byte[] from, int offset, int length) {
            ensure(length);
            System.arraycopy(from, offset, buf, size, length);
            size += length;
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buf, size);
        }

        void clear() {
            size = 0;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }
    }

    private static final class MalformedJson extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJson(int at) {
            super("malformed JSON at byte " + at, null, false, false);
        }
    }

    /** A minimal JSON walker over the raw bytes: finds the top-level blocks and normalises them. */
    private static final class Scanner {
        private final byte[] in;
        private final Bytes scratch = new Bytes(4_096);
        private int pos;
        private boolean sawCacheControl;

        Scanner(byte[] in) {
            this.in = in;
        }

        // One pass: the blocks are normalised as the walk reaches them, not found first and copied after.
        List<Block> blocks() throws MalformedJson {
            byte[] toolBytes = null;
            byte[] systemBytes = null;
            List<byte[]> messageBytes = List.of();
            int lastBreakpoint = -1;
            boolean blockBreakpoint = false;
            boolean topLevelCacheControl = false;
            ws();
            expect('{');
            ws();
            if (peek() != '}') {
                while (true) {
                    ws();
                    int keyStart = pos;
                    skipString();
                    String key = new String(in, keyStart + 1, pos - keyStart - 2, StandardCharsets.UTF_8);
                    ws();
                    expect(':');
                    ws();
                    switch (key) {
                        case "messages" -> {
                            messageBytes = new ArrayList<>();
                            lastBreakpoint = -1;
                            expect('[');
                            ws();
                            if (peek() == ']') {
                                pos++;
                            } else {
                                while (true) {
                                    sawCacheControl = false;
                                    messageBytes.add(normalise());
                                    if (sawCacheControl) {
                                        lastBreakpoint = messageBytes.size() - 1;
                                    }
                                    ws();
                                    if (peek() == ',') {
                                        pos++;
                                        continue;
                                    }
                                    expect(']');
                                    break;
                                }
                            }
                        }
                        case "tools", "system" -> {
                            sawCacheControl = false;
                            byte[] bytes = normalise();
                            blockBreakpoint |= sawCacheControl;
                            if (key.equals("tools")) {
                                toolBytes = bytes;
                            } else {
                                systemBytes = bytes;
                            }
                        }
                        case "cache_control" -> {
                            topLevelCacheControl = true;
                            skipValue();
                        }
                        default -> skipValue();
                    }
                    ws();
                    if (peek() == ',') {
                        pos++;
                        continue;
                    }
                    expect('}');
                    break;
                }
            } else {
                pos++;
            }
            boolean anyBreakpoint = topLevelCacheControl || blockBreakpoint || lastBreakpoint >= 0;
            if (!anyBreakpoint) {
                return List.of();
            }
            if (topLevelCacheControl) {
                lastBreakpoint = messageBytes.size() - 1;
            }
            List<Block> blocks = new ArrayList<>();
            if (toolBytes != null) {
                blocks.add(Block.of("tools", toolBytes));
            }
            if (systemBytes != null) {
                blocks.add(Block.of("system", systemBytes));
            }
            for (int i = 0; i <= lastBreakpoint; i++) {
                blocks.add(Block.of("messages[" + i + "]", messageBytes.get(i)));
            }
            return blocks;
        }

        /** The value at {@code pos}, normalised (see {@link #copyValue}); {@code pos} moves past it. */
        private byte[] normalise() throws MalformedJson {
            scratch.clear();
            copyValue(scratch);
            return scratch.toByteArray();
        }

        /** Copies the value at {@code pos} without whitespace and without {@code cache_control} members. */
        private void copyValue(Bytes out) throws MalformedJson {
            ws();
            byte c = peek();
            if (c == '{') {
                pos++;
                out.write('{');
                boolean first = true;
                ws();
                if (peek() == '}') {
                    pos++;
                    out.write('}');
                    return;
                }
                while (true) {
                    ws();
                    int keyStart = pos;
                    skipString();
                    int keyEnd = pos;
                    ws();
                    expect(':');
                    if (isCacheControl(keyStart, keyEnd)) {
                        sawCacheControl = true;
                        ws();
                        skipValue();
                    } else {
                        if (!first) {
                            out.write(',');
                        }
                        first = false;
                        out.write(in, keyStart, keyEnd - keyStart);
                        out.write(':');
                        copyValue(out);
                    }
                    ws();
                    if (peek() == ',') {
                        pos++;
                        continue;
                    }
                    expect('}');
                    out.write('}');
                    return;
                }
            } else if (c == '[') {
                pos++;
                out.write('[');
                ws();
                if (peek() == ']') {
                    pos++;
                    out.write(']');
                    return;
                }
                while (true) {
                    copyValue(out);
                    ws();
                    if (peek() == ',') {
                        pos++;
                        out.write(',');
                        continue;
                    }
                    expect(']');
                    out.write(']');
                    return;
                }
            } else {
                int start = pos;
                skipValue();
                out.write(in, start, pos - start);
            }
        }

        private boolean isCacheControl(int from, int to) {
            return java.util.Arrays.equals(in, from, to, CACHE_CONTROL, 0, CACHE_CONTROL.length);
        }

        private void skipValue() throws MalformedJson {
            ws();
            byte c = peek();
            switch (c) {
                case '"' -> skipString();
                case '{', '[' -> {
                    int depth = 0;
                    while (true) {
                        byte b = peek();
                        if (b == '"') {
                            skipString();
                            continue;
                        }
                        pos++;
                        if (b == '{' || b == '[') {
                            depth++;
                        } else if (b == '}' || b == ']') {
                            depth--;
                            if (depth == 0) {
                                return;
                            }
                        }
                    }
                }
                default -> {
                    int start = pos;
                    while (pos < in.length && ",}] \t\r\n".indexOf(in[pos]) < 0) {
                        pos++;
                    }
                    if (pos == start) {
                        throw new MalformedJson(pos);
                    }
                }
            }
        }

        private void skipString() throws MalformedJson {
            expect('"');
            byte[] bytes = in;
            int i = pos;
            int n = bytes.length;
            while (true) {
                // A tight loop to the next quote or backslash: most of a prompt is string content.
                while (i < n && bytes[i] != '"' && bytes[i] != '\\') {
                    i++;
                }
                if (i >= n) {
                    pos = n;
                    throw new MalformedJson(pos);
                }
                if (bytes[i] == '"') {
                    pos = i + 1;
                    return;
                }
                i += 2; // an escape: the backslash and the byte it escapes
            }
        }

        private void ws() {
            while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
                pos++;
            }
        }

        private byte peek() throws MalformedJson {
            if (pos >= in.length) {
                throw new MalformedJson(pos);
            }
            return in[pos];
        }

        private void expect(char c) throws MalformedJson {
            if (peek() != c) {
                throw new MalformedJson(pos);
            }
            pos++;
        }
    }
}
