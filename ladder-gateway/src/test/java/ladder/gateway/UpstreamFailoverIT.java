package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import ladder.testkit.RecordingSleeper;
import ladder.testkit.ScriptedUpstream;
import ladder.testkit.ScriptedUpstream.Reply;
import org.junit.jupiter.api.Test;

class UpstreamFailoverIT {

    @Test
    void messages_firstUpstreamRefusesConnections_retriedOnTheNextBaseUrl() throws IOException {
        URI dead;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        ApiKey.Created key = ApiKey.create("team", "project", new SecureRandom());
        InMemoryAttempts ledger = new InMemoryAttempts();
        RecordingSleeper sleeper = RecordingSleeper.create();
        try (ScriptedUpstream live = ScriptedUpstream.start()) {
            live.enqueue(Reply.json(200, ScriptedUpstream.message("claude-sonnet-4-6", "alive", "end_turn", 1, 1)));
            GatewayConfig config = new GatewayConfig(
                    "127.0.0.1",
                    0,
                    List.of(dead, live.baseUri()),
                    "sk-upstream",
                    GatewayConfig.DEFAULT_MAX_BODY_BYTES,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    "");
            try (Gateway gateway = TestGateways.start(config, key, ledger, sleeper)) {
                Message message = TestGateways.client(gateway, key)
                        .messages()
                        .create(MessageCreateParams.builder()
                                .model("ladder:draft")
                                .maxTokens(10)
                                .addUserMessage("hi")
                                .build());
                assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("alive");
            }
            assertThat(live.requests()).hasSize(1);
        }
        assertThat(ledger.attempts())
                .extracting(AttemptRecord::kind, AttemptRecord::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AttemptKind.FIRST, 0),
                        org.assertj.core.groups.Tuple.tuple(AttemptKind.RETRY, 200));
        assertThat(sleeper.waits()).containsExactly(StaticRouter.DEFAULT_RETRY_BACKOFF);
    }
}
