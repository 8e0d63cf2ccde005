package ladder.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The planned answer of one call: content blocks split into output-token pieces, the stop reason and the output
 * token count.
 *
 * @param content the content blocks in order
 * @param stopReason {@code end_turn}, {@code max_tokens}, {@code stop_sequence} or {@code tool_use}
 * @param stopSequence the stop sequence that ended the answer, empty when none did
 * @param outputTokens billed output tokens; at least 1
 */
record Reply(List<Content> content, String stopReason, String stopSequence, int outputTokens) {

    Reply {
        content = List.copyOf(content);
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(stopSequence, "stopSequence");
        if (outputTokens < 1) {
            throw new IllegalArgumentException("outputTokens must be 1 or more, was " + outputTokens);
        }
    }

    /** One content block of the answer. */
    sealed interface Content {
        /** The pieces streamed as deltas, one output token each. */
        List<String> pieces();
    }

    /** A text block; its text is its pieces joined. */
    record Text(List<String> pieces) implements Content {
        Text {
            pieces = List.copyOf(pieces);
        }

        String text() {
            return String.join("", pieces);
        }
    }

    /**
     * A tool call.
     *
     * @param id the {@code toolu_} id
     * @param name the tool's name
     * @param input the input object of the final message
     * @param pieces the input's JSON text split into {@code partial_json} fragments
     */
    record ToolUse(String id, String name, JsonNode input, List<String> pieces) implements Content {
        ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(input, "input");
            pieces = List.copyOf(pieces);
        }
    }
}
