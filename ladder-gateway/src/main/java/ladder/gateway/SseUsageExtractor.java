package ladder.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import ladder.core.Usage;

/**
 * Reads usage out of a Messages SSE stream as its bytes pass by, in any chunking, keeping memory bounded: only the
 * data of {@code message_start}, {@code message_delta} and {@code error} events is held, other data lines are
 * skipped as they arrive.
 *
 * <p>Usage is {@code message_start}'s, with each present {@code message_delta} counter replacing it (cumulative,
 * never added; wire reference §5). Not thread-safe: one per stream.
 */
final class SseUsageExtractor {

    /** The longest line kept; longer lines of interesting events are dropped (their event then adds nothing). */
    static final int MAX_LINE_BYTES = 1 << 20;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipLine;
    private boolean overflow;
    private boolean lastWasCr;

    private String eventName = "";
    private final StringBuilder data = new StringBuilder();
    private boolean eventHasField;

    private Usage usage = Usage.EMPTY;
    private int events;
    private boolean contentStarted;
    private boolean sawMessageStop;
    private String errorType = "";
    private boolean errorBeforeContent;

    /** Feeds the next bytes of the stream. */
    void feed(byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            // A run of line content is scanned and copied in bulk; most bytes of a stream are skipped data lines.
            int lineEnd = lineEnd(buf, i, end);
            if (lineEnd > i) {
                lastWasCr = false;
                if (!skipLine) {
                    append(buf, i, lineEnd - i);
                }
            }
            if (lineEnd == end) {
                return;
            }
            byte b = buf[lineEnd];
            i = lineEnd + 1;
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            endLine();
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = ONES * '\n';
    private static final long CRS = ONES * '\r';

    /**
     * The index of the first {@code '\n'} or {@code '\r'} in {@code buf[from, end)}, else {@code end}. Eight bytes at a
     * time: a byte equal to the one searched for is a zero byte of {@code word ^ pattern}, and {@code (v - 0x01..) &
     * ~v & 0x80..} marks the first zero byte of {@code v} exactly (borrows only mark bytes after it), so the lowest
     * mark of either pattern is the first line end.
     */
    static int lineEnd(byte[] buf, int from, int end) {
        int i = from;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            long word = (long) LONGS.get(buf, i);
            long lf = word ^ LFS;
            long cr = word ^ CRS;
            long marks = (((lf - ONES) & ~lf) | ((cr - ONES) & ~cr)) & HIGHS;
            if (marks != 0) {
                return i + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (buf[i] == '\n' || buf[i] == '\r') {
                return i;
            }
        }
        return end;
    }

    private void append(byte[] buf, int off, int len) {
        if (lineLength == 0 && skipsData() && startsWith(buf, off, len, "data:")) {
            // The common case, a whole data line of an event we do not need: skipped without being copied.
            eventHasField = true;
            skipLine = true;
            return;
        }
        int before = lineLength;
        if (lineLength + len > line.length) {
            if (lineLength + len > MAX_LINE_BYTES) {
                overflow = true;
                skipLine = true;
                return;
            }
            line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, lineLength + len), MAX_LINE_BYTES));
        }
        System.arraycopy(buf, off, line, lineLength, len);
        lineLength += len;
        // A data line of an event whose data we do not need is skipped without being stored.
        if (before < 5 && lineLength >= 5 && startsWith("data:") && skipsData()) {
            eventHasField = true;
            skipLine = true;
        }
    }

    /** Whether the current event's data lines can be skipped: its name is known and its data is not needed. */
    private boolean skipsData() {
        return !eventName.isEmpty() && !isInteresting(eventName);
    }

    private void endLine() {
        if (skipLine) {
            if (overflow) {
                eventHasField = true;
            }
            resetLine();
            return;
        }
        if (lineLength == 0) {
            if (eventHasField) {
                dispatch();
            }
            return;
        }
        eventHasField = true;
        if (startsWith("event:")) {
            eventName = eventName(6);
        } else if (startsWith("data:")) {
            if (!data.isEmpty()) {
                data.append('\n');
            }
            data.append(value(5));
        }
        // Comments (":...") and other fields (id, retry) carry nothing we need.
        resetLine();
    }

    private void resetLine() {
        lineLength = 0;
        skipLine = false;
        overflow = false;
    }

    private boolean startsWith(String prefix) {
        return startsWith(line, 0, lineLength, prefix);
    }

    private static boolean startsWith(byte[] bytes, int off, int len, String prefix) {
        if (len < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[off + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String value(int from) {
        int start = from < lineLength && line[from] == ' ' ? from + 1 : from;
        return new String(line, start, lineLength - start, StandardCharsets.UTF_8);
    }

    /** Event names a Messages stream uses, returned without allocating a string per event. */
    private static final String[] KNOWN_EVENTS = {
        "content_block_delta",
        "content_block_start",
        "content_block_stop",
        "message_start",
        "message_delta",
        "message_stop",
        "ping",
        "error"
    };

    /** The trimmed value of an {@code event:} line starting at {@code from}. */
    private String eventName(int from) {
        int start = from;
        int end = lineLength;
        while (start < end && (line[start] & 0xff) <= ' ') {
            start++;
        }
        while (end > start && (line[end - 1] & 0xff) <= ' ') {
            end--;
        }
        for (String known : KNOWN_EVENTS) {
            if (known.length() == end - start && matches(known, start)) {
                return known;
            }
        }
        return new String(line, start, end - start, StandardCharsets.UTF_8).trim();
    }

    private boolean matches(String text, int at) {
        for (int i = 0; i < text.length(); i++) {
            if (line[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInteresting(String name) {
        return name.equals("message_start") || name.equals("message_delta") || name.equals("error");
    }

    private void dispatch() {
        events++;
        String name = eventName;
        JsonNode json = null;
        if (!data.isEmpty() && (name.isEmpty() || isInteresting(name))) {
            try {
                json = RequestFacts.JSON.readTree(data.toString());
            } catch (IOException e) {
                json = null;
            }
            if (name.isEmpty() && json != null) {
                name = json.path("type").asText("");
            }
        }
        switch (name) {
            case "message_start" -> {
                if (json != null) {
                    usage = UsageJson.from(json.path("message").get("usage"));
                }
            }
            case "message_delta" -> {
                if (json != null) {
                    usage = UsageJson.merge(usage, json.get("usage"), false);
                }
                contentStarted = true;
            }
            case "error" -> {
                errorType = json == null
                        ? "api_error"
                        : json.path("error").path("type").asText("api_error");
                if (!contentStarted) {
                    errorBeforeContent = true;
                }
            }
            case "message_stop" -> {
                sawMessageStop = true;
                contentStarted = true;
            }
            case "ping", "" -> {}
            default -> contentStarted = true;
        }
        eventName = "";
        data.setLength(0);
        eventHasField = false;
    }

    /** The usage read so far. */
    Usage usage() {
        return usage;
    }

    /** Complete events seen so far (pings included). */
    int events() {
        return events;
    }

    /** Whether an event other than {@code message_start}, {@code ping} or an early {@code error} has been seen. */
    boolean contentStarted() {
        return contentStarted;
    }

    boolean sawMessageStop() {
        return sawMessageStop;
    }

    /** The {@code error.type} of an {@code error} event, empty when none was seen. */
    String errorType() {
        return errorType;
    }

    /** Whether an {@code error} event came before any content event. */
    boolean errorBeforeContent() {
        return errorBeforeContent;
    }
}
