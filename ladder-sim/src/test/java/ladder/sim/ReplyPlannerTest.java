package ladder.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReplyPlannerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOL = "{\"name\":\"lookup\",\"input_schema\":{\"type\":\"object\","
            + "\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}}";

    private final ReplyPlanner planner = new ReplyPlanner(42, JSON);
    private final Ids ids = new Ids(1);

    private Reply plan(String request, ModelProfile profile, double draw) throws Exception {
        return planner.plan(JSON.readTree(request), "m", profile, () -> draw, ids);
    }

    private static String request(String extra, String prompt) {
        return "{\"model\":\"m\",\"max_tokens\":1000,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]"
                + extra + "}";
    }

    @Test
    void plan_text_isDeterministicPerRequestAndDiffersAcrossPrompts() throws Exception {
        Reply a = plan(request("", "Summarize the report"), ModelProfile.defaults(), 0.9);
        Reply b = plan(request("", "Summarize the report"), ModelProfile.defaults(), 0.1);
        Reply c = plan(request("", "Plan a trip"), ModelProfile.defaults(), 0.9);

        assertThat(((Reply.Text) a.content().getFirst()).text())
                .isEqualTo(((Reply.Text) b.content().getFirst()).text())
                .isNotEqualTo(((Reply.Text) c.content().getFirst()).text());
        assertThat(a.stopReason()).isEqualTo("end_turn");
        assertThat(a.outputTokens()).isEqualTo(a.content().getFirst().pieces().size());
    }

    @Test
    void plan_maxTokensBelowPlan_truncatesWithMaxTokens() throws Exception {
        Reply r = plan(request("", "hi").replace("1000", "2"), ModelProfile.defaults(), 0.9);

        assertThat(r.stopReason()).isEqualTo("max_tokens");
        assertThat(r.outputTokens()).isEqualTo(2);
    }

    @Test
    void plan_stopSequenceInText_stopsBeforeIt() throws Exception {
        Reply full = plan(request("", "hi"), ModelProfile.defaults(), 0.9);
        String text = ((Reply.Text) full.content().getFirst()).text();
        String stop = text.substring(10, 14);

        Reply r = plan(request(",\"stop_sequences\":[\"" + stop + "\"]", "hi"), ModelProfile.defaults(), 0.9);

        assertThat(r.stopReason()).isEqualTo("stop_sequence");
        assertThat(r.stopSequence()).isEqualTo(stop);
        assertThat(((Reply.Text) r.content().getFirst()).text()).isEqualTo(text.substring(0, text.indexOf(stop)));
    }

    @Test
    void plan_forcedTool_validInputAndToolUseStop() throws Exception {
        Reply r = plan(
                request(",\"tools\":[" + TOOL + "],\"tool_choice\":{\"type\":\"tool\",\"name\":\"lookup\"}", "find"),
                ModelProfile.defaults(),
                0.9);

        Reply.ToolUse call = (Reply.ToolUse) r.content().getFirst();
        assertThat(r.stopReason()).isEqualTo("tool_use");
        assertThat(call.input().has("q")).isTrue();
        assertThat(String.join("", call.pieces())).isEqualTo(call.input().toString());
    }

    @Test
    void plan_forcedToolOnSloppyModel_dropsARequiredField() throws Exception {
        Reply r = plan(
                request(",\"tools\":[" + TOOL + "],\"tool_choice\":{\"type\":\"tool\",\"name\":\"lookup\"}", "find"),
                ModelProfile.defaults().withInvalidToolInputRate(0.3),
                0.1);

        assertThat(((Reply.ToolUse) r.content().getFirst()).input().has("q")).isFalse();
    }

    @Test
    void plan_anyToolChoice_callsATool() throws Exception {
        Reply r = plan(
                request(",\"tools\":[" + TOOL + "],\"tool_choice\":{\"type\":\"any\"}", "x"),
                ModelProfile.defaults(),
                0.9);

        assertThat(r.content().getFirst()).isInstanceOf(Reply.ToolUse.class);
    }

    @Test
    void plan_unknownForcedTool_is400() {
        assertThatThrownBy(() -> plan(
                        request(",\"tools\":[" + TOOL + "],\"tool_choice\":{\"type\":\"tool\",\"name\":\"nope\"}", "x"),
                        ModelProfile.defaults(),
                        0.9))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void plan_jsonPrompt_answersJson() throws Exception {
        Reply r = plan(request("", "Reply in JSON please"), ModelProfile.defaults(), 0.9);

        JsonNode answer = JSON.readTree(((Reply.Text) r.content().getFirst()).text());
        assertThat(answer.has("answer")).isTrue();
    }

    @Test
    void plan_jsonPromptOnSloppyModel_answersProse() throws Exception {
        Reply r = plan(
                request("", "Reply in JSON please"), ModelProfile.defaults().withInvalidJsonRate(0.5), 0.2);

        assertThat(((Reply.Text) r.content().getFirst()).text()).startsWith("Sure!");
    }

    @Test
    void plan_jsonSchemaOutput_followsTheSchema() throws Exception {
        String schema =
                "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\",\"enum\":[\"spam\",\"ham\"]}},"
                        + "\"required\":[\"label\"]}";
        Reply r = plan(
                request(",\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":" + schema + "}}", "x"),
                ModelProfile.defaults(),
                0.9);

        JsonNode answer = JSON.readTree(((Reply.Text) r.content().getFirst()).text());
        assertThat(SchemaCheck.problems(JSON.readTree(schema), answer)).isEmpty();
    }
}
