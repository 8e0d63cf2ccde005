package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProbesTest {

    private static final byte[] BODY = ("{\"model\":\"ladder:auto\",\"max_tokens\":16,\"system\":[{\"type\":\"text\","
                    + "\"text\":\"s\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"hi\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void requestPath_sameInput_sameValue() {
        assertThat(Probes.requestPath(BODY, "claude-haiku-4-5"))
                .isEqualTo(Probes.requestPath(BODY, "claude-haiku-4-5"));
    }

    @Test
    void requestPath_notJson_refused() {
        assertThatThrownBy(() -> Probes.requestPath("nope".getBytes(StandardCharsets.UTF_8), "m"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sseUsage_streamInChunks_readsOutputTokensAndEvents() {
        String stream = "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":7}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        byte[] all = stream.getBytes(StandardCharsets.UTF_8);
        byte[] first = java.util.Arrays.copyOfRange(all, 0, 30);
        byte[] rest = java.util.Arrays.copyOfRange(all, 30, all.length);

        assertThat(Probes.sseUsage(new byte[][] {first, rest})).isEqualTo(7 + 2);
    }
}
