package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFactsTest {

    private static RequestFacts facts(String json) {
        return RequestFacts.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withModel_odd_whitespace_replacesOnlyTheModelBytes() {
        String body = "{ \"max_tokens\" :1,\n \"model\"  :  \"ladder:auto\" ,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"model\",\"cache_control\":{\"type\":\"ephemeral\"}}]}],"
                + "\"metadata\":{\"model\":\"x\"}}";
        byte[] out = facts(body).withModel("claude-haiku-4-5");
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo(body.replace("\"ladder:auto\"", "\"claude-haiku-4-5\""));
    }

    @Test
    void withModel_escapedAndUnicodeBefore_keepsOffsetsExact() {
        String body = "{\"system\":\"h\\u00e9llo \\\"q\\\" ünï\",\"model\":\"a\\/b\",\"messages\":[],\"max_tokens\":5}";
        byte[] out = facts(body).withModel("claude-sonnet-4-6");
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo(body.replace("\"a\\/b\"", "\"claude-sonnet-4-6\""));
    }

    @Test
    void parse_fields_readsWhatRoutingNeeds() {
        RequestFacts f = facts("{\"model\":\"m\",\"max_tokens\":10,\"stream\":true,\"messages\":[],"
                + "\"metadata\":{\"user_id\":\"u1\"},\"tool_choice\":{\"type\":\"tool\",\"name\":\"t\"},"
                + "\"tools\":[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\",\"required\":[\"a\"]}}]}");
        assertThat(f.model()).isEqualTo("m");
        assertThat(f.hasMaxTokens()).isTrue();
        assertThat(f.hasMessages()).isTrue();
        assertThat(f.stream()).isTrue();
        assertThat(f.userId()).isEqualTo("u1");
        assertThat(f.forcesTool()).isTrue();
        assertThat(f.forcedToolSchema())
                .get()
                .extracting(n -> n.path("required").get(0).asText())
                .isEqualTo("a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"model\":1}", "{\"messages\":{}}", "{} x", "nul"})
    void parse_malformed_isInvalidRequest(String body) {
        assertThatThrownBy(() -> facts(body))
                .isInstanceOfSatisfying(
                        BadRequest.class, e -> assertThat(e.error().status()).isEqualTo(400));
    }
}
