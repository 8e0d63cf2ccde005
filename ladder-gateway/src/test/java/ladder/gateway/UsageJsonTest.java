package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import ladder.core.Usage;
import org.junit.jupiter.api.Test;

class UsageJsonTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ofMessage_usageAfterContent_readsEveryCounter() {
        Usage usage = UsageJson.ofMessage(json("{\"id\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"{usage}\"}],"
                + "\"usage\":{\"input_tokens\":12,\"output_tokens\":3,\"cache_creation_input_tokens\":5,"
                + "\"cache_read_input_tokens\":7,\"cache_creation\":{\"ephemeral_5m_input_tokens\":4,"
                + "\"ephemeral_1h_input_tokens\":1},\"service_tier\":\"standard\"}}"));

        assertThat(usage)
                .isEqualTo(UsageJson.from(RequestFacts.JSON
                        .createObjectNode()
                        .put("input_tokens", 12)
                        .put("output_tokens", 3)
                        .put("cache_creation_input_tokens", 5)
                        .put("cache_read_input_tokens", 7)
                        .put("service_tier", "standard")
                        .set(
                                "cache_creation",
                                RequestFacts.JSON
                                        .createObjectNode()
                                        .put("ephemeral_5m_input_tokens", 4)
                                        .put("ephemeral_1h_input_tokens", 1))));
        assertThat(usage.inputTokens()).isEqualTo(12);
        assertThat(usage.cacheReadInputTokens()).isEqualTo(7);
    }

    @Test
    void ofMessage_noUsage_isEmpty() {
        assertThat(UsageJson.ofMessage(json("{\"id\":\"m\",\"content\":[]}"))).isEqualTo(Usage.EMPTY);
    }

    @Test
    void ofMessage_malformedAfterUsage_isEmptyAsAFullParseWouldBe() {
        assertThat(UsageJson.ofMessage(json("{\"usage\":{\"input_tokens\":12},\"content\":[")))
                .isEqualTo(Usage.EMPTY);
    }

    @Test
    void ofMessage_notAnObject_isEmpty() {
        assertThat(UsageJson.ofMessage(json("[1,2]"))).isEqualTo(Usage.EMPTY);
        assertThat(UsageJson.ofMessage(json(""))).isEqualTo(Usage.EMPTY);
    }
}
