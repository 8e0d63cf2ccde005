package ladder.app.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ladder.core.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageJsonTest {

    @Test
    void parse_fullApiUsage_readsEveryField() {
        Usage usage = UsageJson.parse("""
                {"input_tokens": 3, "cache_creation_input_tokens": 12304, "cache_read_input_tokens": 7,
                 "cache_creation": {"ephemeral_5m_input_tokens": 12000, "ephemeral_1h_input_tokens": 304},
                 "output_tokens": 550, "output_tokens_details": {"thinking_tokens": 100},
                 "server_tool_use": {"web_search_requests": 2, "web_fetch_requests": 1},
                 "service_tier": "standard", "inference_geo": "us", "speed": "fast"}
                """);

        assertThat(usage)
                .isEqualTo(new Usage(
                        3,
                        550,
                        12304,
                        7,
                        new Usage.CacheCreation.Split(12000, 304),
                        new Usage.ServerToolUse(2, 1),
                        "standard"));
    }

    @Test
    void parse_nullsWhereTheApiAllowsThem_readAsAbsent() {
        Usage usage = UsageJson.parse("""
                {"input_tokens": 3, "output_tokens": 5, "cache_creation_input_tokens": null,
                 "cache_read_input_tokens": null, "cache_creation": null, "server_tool_use": null,
                 "service_tier": null}
                """);

        assertThat(usage).isEqualTo(Usage.of(3, 5, 0, 0));
        assertThat(usage.cacheCreation()).isEqualTo(Usage.CacheCreation.Unspecified.INSTANCE);
    }

    @Test
    void parse_wholeMessage_readsItsUsage() {
        Usage usage = UsageJson.parse("""
                {"id": "msg_1", "type": "message", "model": "claude-sonnet-4-6",
                 "usage": {"input_tokens": 6, "output_tokens": 2745, "cache_creation_input_tokens": 159217}}
                """);

        assertThat(usage).isEqualTo(Usage.of(6, 2745, 159217, 0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"input_tokens": -3, "output_tokens": 1}            | usage.input_tokens must be a non-negative integer, got -3
            {"input_tokens": 3}                                 | usage.output_tokens is missing; expected a non-negative integer
            {"input_tokens": null, "output_tokens": 1}          | usage.input_tokens is null; expected a non-negative integer
            {"input_tokens": "3", "output_tokens": 1}           | usage.input_tokens must be a non-negative integer, got "3"
            {"input_tokens": 3.5, "output_tokens": 1}           | usage.input_tokens must be a non-negative integer, got 3.5
            {"input_tokens": 1, "output_tokens": 1, "cache_read_input_tokens": -1} | usage.cache_read_input_tokens must be a non-negative integer, got -1
            {"input_tokens": 1, "output_tokens": 1, "cache_creation": 5} | usage.cache_creation must be an object or null, got 5
            {"input_tokens": 1, "output_tokens": 1, "cache_creation": {"ephemeral_1h_input_tokens": -2}} | usage.cache_creation.ephemeral_1h_input_tokens must be a non-negative integer, got -2
            {"input_tokens": 1, "output_tokens": 1, "server_tool_use": {"web_search_requests": true}} | usage.server_tool_use.web_search_requests must be a non-negative integer, got true
            {"input_tokens": 1, "output_tokens": 1, "service_tier": 7} | usage.service_tier must be a string or null, got 7
            {"input_tokens": 99999999999999999999, "output_tokens": 1} | usage.input_tokens must be a non-negative integer, got 99999999999999999999
            [1, 2]                                              | usage must be a JSON object, got an array
            """)
    void parse_badField_failsNamingFieldAndValue(String json, String message) {
        assertThatThrownBy(() -> UsageJson.parse(json))
                .isInstanceOf(UsageJsonException.class)
                .hasMessage(message);
    }

    @Test
    void parse_malformedJson_namesLineAndColumn() {
        assertThatThrownBy(() -> UsageJson.parse("{\"input_tokens\": 3,\n  \"output_tokens\": }"))
                .isInstanceOf(UsageJsonException.class)
                .hasMessageStartingWith("malformed JSON at line 2, column 20: Unexpected character ('}'");
    }

    @Test
    void parse_empty_saysWhatIsExpected() {
        assertThatThrownBy(() -> UsageJson.parse("  "))
                .hasMessage(
                        "no JSON found: expected a usage object such as {\"input_tokens\": 3, \"output_tokens\": 550}");
    }
}
