package ladder.core.prefix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import ladder.core.TaskId;
import ladder.core.ledger.PrefixBreak;
import org.junit.jupiter.api.Test;

class PrefixTrackerTest {

    private static final TaskId TASK = TaskId.of("task-1");
    private static final String TOOLS = "[{\"name\":\"search\",\"description\":\"Search the web\","
            + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}]";
    private static final String TOOLS_REORDERED = "[{\"description\":\"Search the web\",\"name\":\"search\","
            + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}]";

    private static byte[] request(String tools, String systemText, int messages, int breakpointAt) {
        StringBuilder json = new StringBuilder("{\"model\": \"claude-sonnet-4-6\", \"max_tokens\": 1024, ");
        json.append("\"tools\": ").append(tools).append(", ");
        json.append("\"system\": [{\"type\": \"text\", \"text\": \"")
                .append(systemText)
                .append("\", \"cache_control\": {\"type\": \"ephemeral\"}}], ");
        json.append("\"messages\": [");
        for (int i = 0; i < messages; i++) {
            json.append(i == 0 ? "" : ", ")
                    .append("{\"role\": \"")
                    .append(i % 2 == 0 ? "user" : "assistant")
                    .append("\", \"content\": [{\"type\": \"text\", \"text\": \"turn ")
                    .append(i)
                    .append("\"")
                    .append(i == breakpointAt ? ", \"cache_control\": {\"type\": \"ephemeral\"}" : "")
                    .append("}]}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final String PROMPT = "You are a careful billing assistant. Answer in English, be brief, cite"
            + " the invoice line. Current time: ";

    @Test
    void observe_timestampInSystemPrompt_breaksInSystemAtItsChunk() {
        PrefixTracker tracker = new PrefixTracker();
        tracker.observe(TASK, request(TOOLS, PROMPT + "2026-11-01T10:15:02Z", 1, 0));

        PrefixObservation seen = tracker.observe(TASK, request(TOOLS, PROMPT + "2026-11-01T10:20:47Z", 1, 0));

        assertThat(seen.breaks()).singleElement().satisfies(b -> {
            assertThat(b.block()).isEqualTo("system");
            // normalised block: [{"type":"text","text":"<prompt>... the timestamp's minute digit sits at byte 142
            int minute = ("[{\"type\":\"text\",\"text\":\"" + PROMPT + "2026-11-01T10:1").length();
            assertThat(b.byteOffset()).isEqualTo(minute / PrefixTracker.CHUNK_BYTES * PrefixTracker.CHUNK_BYTES);
            assertThat(b.context()).contains("9999-99-99a99:99:99a");
            assertThat(b.context()).doesNotContain("2026").hasSizeLessThanOrEqualTo(PrefixBreak.MAX_CONTEXT_CHARS);
        });
        assertThat(seen.fingerprints()).hasSize(3); // tools, system, messages[0]
    }

    @Test
    void observe_reorderedToolKeys_breaksInTools() {
        PrefixTracker tracker = new PrefixTracker();
        tracker.observe(TASK, request(TOOLS, PROMPT, 1, 0));

        PrefixObservation seen = tracker.observe(TASK, request(TOOLS_REORDERED, PROMPT, 1, 0));

        assertThat(seen.breaks()).singleElement().satisfies(b -> {
            assertThat(b.block()).isEqualTo("tools");
            assertThat(b.byteOffset()).isZero();
            assertThat(b.context()).startsWith("[{\"aaaaaaaaaaa\":");
        });
    }

    @Test
    void observe_sameRequestAgain_noBreakSameFingerprints() {
        PrefixTracker tracker = new PrefixTracker();
        PrefixObservation first = tracker.observe(TASK, request(TOOLS, PROMPT, 3, 2));

        PrefixObservation again = tracker.observe(TASK, request(TOOLS, PROMPT, 3, 2));

        assertThat(first.breaks()).isEmpty();
        assertThat(again.breaks()).isEmpty();
        assertThat(again.fingerprints()).isEqualTo(first.fingerprints()).hasSize(5);
    }

    @Test
    void observe_conversationGrowsAndBreakpointMoves_noBreak() {
        PrefixTracker tracker = new PrefixTracker();
        PrefixObservation before = tracker.observe(TASK, request(TOOLS, PROMPT, 3, 2));

        PrefixObservation after = tracker.observe(TASK, request(TOOLS, PROMPT, 5, 4));

        assertThat(after.breaks()).isEmpty();
        assertThat(after.fingerprints()).startsWith(before.fingerprints().toArray(Long[]::new));
    }

    @Test
    void observe_otherTask_noBreak() {
        PrefixTracker tracker = new PrefixTracker();
        tracker.observe(TASK, request(TOOLS, PROMPT + "a", 1, 0));

        assertThat(tracker.observe(TaskId.of("other"), request(TOOLS, PROMPT + "b", 1, 0))
                        .breaks())
                .isEmpty();
    }

    @Test
    void observe_noCacheControl_nothingCacheable() {
        byte[] plain = "{\"model\":\"x\",\"system\":\"hi\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(new PrefixTracker().observe(TASK, plain)).isEqualTo(PrefixObservation.NONE);
    }

    @Test
    void observe_escapesAndWhitespace_sameFingerprintsUntilTextAfterAnEscapeChanges() {
        String prompt = "Say \\\"hi\\\" to C:\\\\temp\\\\ then stop. ";
        PrefixTracker tracker = new PrefixTracker();
        PrefixObservation first = tracker.observe(TASK, request(TOOLS, prompt + "one", 1, 0));

        // The same request laid out with other whitespace: same blocks, no break.
        String spaced = new String(request(TOOLS, prompt + "one", 1, 0), StandardCharsets.UTF_8)
                .replace(", ", " ,\n\t ")
                .replace(": ", " :  ");
        PrefixObservation again = tracker.observe(TASK, spaced.getBytes(StandardCharsets.UTF_8));
        PrefixObservation changed = tracker.observe(TASK, request(TOOLS, prompt + "two", 1, 0));

        assertThat(again.breaks()).isEmpty();
        assertThat(again.fingerprints()).isEqualTo(first.fingerprints());
        assertThat(changed.breaks())
                .singleElement()
                .satisfies(b -> assertThat(b.block()).isEqualTo("system"));
    }

    @Test
    void observe_bodyEndsInsideAStringOrAnEscape_none() {
        PrefixTracker tracker = new PrefixTracker();
        String body = new String(request(TOOLS, "x\\\"y", 1, 0), StandardCharsets.UTF_8);

        for (String cut : new String[] {body.substring(0, body.indexOf("x\\") + 2), "{\"system\": \"abc"}) {
            assertThat(tracker.observe(TASK, cut.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(PrefixObservation.NONE);
        }
    }

    @Test
    void observe_malformedJson_none() {
        PrefixTracker tracker = new PrefixTracker();

        assertThat(tracker.observe(TASK, "{\"system\": [".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(PrefixObservation.NONE);
        assertThat(tracker.observe(TASK, new byte[0])).isEqualTo(PrefixObservation.NONE);
    }

    @Test
    void observe_manyTasks_memoryBoundedByMaxTasks() {
        PrefixTracker tracker = new PrefixTracker(100);

        for (int i = 0; i < 1_000; i++) {
            tracker.observe(TaskId.of("t" + i), request(TOOLS, PROMPT + i, 1, 0));
        }

        assertThat(tracker.trackedTasks()).isEqualTo(100);
    }

    @Test
    void redact_keepsShapeOnly() {
        byte[] text = "Ts: 2026-11-01T10:15Z {\"é\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(PrefixTracker.context(text, 0)).isEqualTo("aa: 9999-99-99a99:99a {\"..\"}");
    }
}
