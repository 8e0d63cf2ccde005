package ladder.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ladder.gateway.Probes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What does reading usage out of a streamed answer cost per chunk, relative to just moving the chunk's bytes? A
 * Messages SSE stream of {@value #DELTAS} text deltas (plus message_start, ping, block start/stop, message_delta and
 * message_stop), cut into one chunk per event as the upstream flushes them. {@code extract} feeds every chunk to the
 * usage extractor; the baseline {@code copy} copies every chunk into a relay buffer, the least a proxy must do, in the
 * same run. Both are reported per chunk; report {@code extract / copy}.
 *
 * <p>Run: {@code ./mvnw -q -pl ladder-bench -am package -DskipTests && java -jar ladder-bench/target/benchmarks.jar
 * SseUsageExtractorBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SseUsageExtractorBenchmark {

    static final int DELTAS = 200;
    static final int CHUNKS = DELTAS + 7;

    private final byte[][] chunks = stream();
    private final byte[] relay = new byte[8192];

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public long extract() {
        return Probes.sseUsage(chunks);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public long copy() {
        long sum = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, relay, 0, chunk.length);
            sum += relay[chunk.length - 1];
        }
        return sum;
    }

    private static byte[][] stream() {
        List<String> events = new ArrayList<>();
        events.add("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":"
                + "\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\",\"content\":[],\"stop_reason\":"
                + "null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1200,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":9500,\"output_tokens\":1}}}\n\n");
        events.add("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        events.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (int i = 0; i < DELTAS; i++) {
            events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":\"chunk " + i + " of the answer, a few words long \"}}\n\n");
        }
        events.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        events.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + (DELTAS * 8) + "}}\n\n");
        events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        // One more: the upstream often sends a trailing empty chunk before closing.
        events.add("\n");
        byte[][] out = new byte[events.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = events.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
