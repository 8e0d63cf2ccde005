package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.SseException;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import ladder.testkit.ScriptedUpstream;
import ladder.testkit.ScriptedUpstream.Reply;
import org.junit.jupiter.api.Test;

class StalledStreamIT {

    @Test
    void messages_upstreamStallsMidStream_clientGetsErrorEventAfterIdleTimeout() {
        ApiKey.Created key = ApiKey.create("team", "project", new SecureRandom());
        InMemoryAttempts ledger = new InMemoryAttempts();
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                Gateway gateway = TestGateways.start(
                        GatewayConfig.of("127.0.0.1", 0, upstream.baseUri(), "sk-upstream")
                                .withStreamIdleTimeout(Duration.ofMillis(300)),
                        key,
                        ledger)) {
            // The upstream sends message_start, ping, a block start and one delta, then goes silent.
            upstream.enqueue(Reply.sseCutAfter(
                    ScriptedUpstream.textStream("claude-sonnet-4-6", List.of("a", "b"), 9, 0, 3),
                    4,
                    () -> TestGateways.silentUntil(release)));
            List<RawMessageStreamEvent> seen = new ArrayList<>();
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                        try (StreamResponse<RawMessageStreamEvent> stream = TestGateways.client(gateway, key)
                                .messages()
                                .createStreaming(MessageCreateParams.builder()
                                        .model("ladder:draft")
                                        .maxTokens(10)
                                        .addUserMessage("hi")
                                        .build())) {
                            stream.stream().forEach(seen::add);
                        }
                    })
                    .isInstanceOf(SseException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(seen).anyMatch(e -> e.contentBlockDelta().isPresent());
        } finally {
            release.countDown();
        }
        assertThat(ledger.attempts()).hasSize(1);
        assertThat(ledger.attempts().get(0).usage().inputTokens()).isEqualTo(9);
    }
}
