package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import ladder.core.Usage;
import ladder.testkit.ScriptedUpstream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SseUsageExtractorTest {

    private static final String STREAM = "event: message_start\n"
            + "data: {\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"content\":[],\"usage\":"
            + "{\"input_tokens\":12,\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":9500,"
            + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":60,\"ephemeral_1h_input_tokens\":40},"
            + "\"output_tokens\":1,\"service_tier\":\"standard\"}}}\n\n"
            + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"héllo\\n\"}}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":null},"
            + "\"usage\":{\"output_tokens\":7}}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":42,\"input_tokens\":null,\"server_tool_use\":"
            + "{\"web_search_requests\":2}}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private static final Usage EXPECTED = new Usage(
            12, 42, 100, 9500, new Usage.CacheCreation.Split(60, 40), new Usage.ServerToolUse(2, 0), "standard");

    @Test
    void feed_wholeStream_deltaUsageReplacesNeverAdds() {
        SseUsageExtractor sse = feedAll(STREAM, STREAM.length());
        assertThat(sse.usage()).isEqualTo(EXPECTED);
        assertThat(sse.sawMessageStop()).isTrue();
        assertThat(sse.events()).isEqualTo(7);
        assertThat(sse.errorType()).isEmpty();
    }

    @Test
    void feed_splitAtEveryByteBoundary_sameUsage() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            SseUsageExtractor sse = new SseUsageExtractor();
            sse.feed(bytes, 0, cut);
            sse.feed(bytes, cut, bytes.length - cut);
            assertThat(sse.usage()).as("cut at %d", cut).isEqualTo(EXPECTED);
            assertThat(sse.events()).as("cut at %d", cut).isEqualTo(7);
        }
    }

    @Test
    void feed_oneByteAtATime_sameUsage() {
        assertThat(feedAll(STREAM, 1).usage()).isEqualTo(EXPECTED);
    }

    @Test
    void feed_crlfLineEnds_sameUsage() {
        assertThat(feedAll(STREAM.replace("\n", "\r\n"), 5).usage()).isEqualTo(EXPECTED);
    }

    @Property(tries = 200)
    void feed_randomChunking_sameUsage(@ForAll @IntRange(min = 1, max = 64) int maxChunk, @ForAll long seed) {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(seed);
        SseUsageExtractor sse = new SseUsageExtractor();
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(maxChunk));
            sse.feed(bytes, at, n);
            at += n;
        }
        assertThat(sse.usage()).isEqualTo(EXPECTED);
    }

    @Test
    void feed_errorBeforeContent_isFlagged() {
        String stream = ScriptedUpstream.textStream("m", List.of(), 5, 0, 1).get(0)
                + ScriptedUpstream.event(
                        "error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"o\"}}");
        SseUsageExtractor sse = feedAll(stream, 3);
        assertThat(sse.errorBeforeContent()).isTrue();
        assertThat(sse.errorType()).isEqualTo("overloaded_error");
        assertThat(sse.contentStarted()).isFalse();
        assertThat(sse.usage().inputTokens()).isEqualTo(5);
    }

    @Test
    void feed_errorAfterContent_isNotBeforeContent() {
        List<String> events = ScriptedUpstream.textStream("m", List.of("a"), 5, 0, 1);
        String stream = String.join("", events.subList(0, 4))
                + ScriptedUpstream.event("error", "{\"type\":\"error\",\"error\":{\"type\":\"api_error\"}}");
        SseUsageExtractor sse = feedAll(stream, 7);
        assertThat(sse.contentStarted()).isTrue();
        assertThat(sse.errorBeforeContent()).isFalse();
        assertThat(sse.errorType()).isEqualTo("api_error");
    }

    @Property(tries = 300)
    void feed_arbitraryBytes_neverThrows(@ForAll byte[] noise) {
        SseUsageExtractor sse = new SseUsageExtractor();
        sse.feed(noise, 0, noise.length);
        assertThat(sse.usage()).isNotNull();
    }

    @Property
    void lineEnd_anyBytesAndRange_isTheFirstLfOrCr(
            @ForAll @Size(max = 80) List<@From("lineBytes") Byte> content,
            @ForAll @IntRange(max = 80) int from,
            @ForAll @IntRange(max = 80) int to) {
        byte[] buf = new byte[content.size()];
        for (int i = 0; i < buf.length; i++) {
            buf[i] = content.get(i);
        }
        int start = Math.min(from, buf.length);
        int end = Math.max(start, Math.min(to, buf.length));
        int expected = start;
        while (expected < end && buf[expected] != '\n' && buf[expected] != '\r') {
            expected++;
        }
        assertThat(SseUsageExtractor.lineEnd(buf, start, end)).isEqualTo(expected);
    }

    /** Mostly ordinary bytes, with line ends, their neighbours and high bytes often enough to matter. */
    @Provide
    Arbitrary<Byte> lineBytes() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.bytes()),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                (byte) '\n',
                                (byte) '\r',
                                (byte) 0x0b,
                                (byte) 0x0c,
                                (byte) 0x0e,
                                (byte) 0x09,
                                (byte) 0x8a,
                                (byte) 0x8d,
                                (byte) 0x00,
                                (byte) 0xff)));
    }

    private static SseUsageExtractor feedAll(String text, int chunk) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        SseUsageExtractor sse = new SseUsageExtractor();
        for (int at = 0; at < bytes.length; at += chunk) {
            sse.feed(bytes, at, Math.min(chunk, bytes.length - at));
        }
        return sse;
    }
}
