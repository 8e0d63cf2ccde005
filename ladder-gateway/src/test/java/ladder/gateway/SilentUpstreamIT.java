package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import ladder.testkit.ScriptedUpstream;
import ladder.testkit.ScriptedUpstream.Reply;
import org.junit.jupiter.api.Test;

/**
 * An upstream that stops talking: the response timeout and the idle limit (kept by the watchdog, not by socket reads)
 * end the wait.
 */
class SilentUpstreamIT {

    @Test
    void messages_upstreamNeverAnswers_clientGets504AfterTheResponseTimeout_andTheNextCallWorks() {
        ApiKey.Created key = ApiKey.create("team", "project", new SecureRandom());
        InMemoryAttempts ledger = new InMemoryAttempts();
        CountDownLatch release = new CountDownLatch(1);
        Reply silent = Reply.from(req -> {
            TestGateways.silentUntil(release);
            return Reply.json(200, ScriptedUpstream.message("claude-sonnet-4-6", "too late", "end_turn", 3, 1));
        });
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                Gateway gateway = TestGateways.start(
                        new GatewayConfig(
                                "127.0.0.1",
                                0,
                                List.of(upstream.baseUri()),
                                "sk-upstream",
                                1 << 20,
                                Duration.ofSeconds(2),
                                Duration.ofMillis(300),
                                Duration.ofSeconds(5),
                                ""),
                        key,
                        ledger)) {
            for (int i = 0; i < 4; i++) {
                upstream.enqueue(silent);
            }
            var client = TestGateways.client(gateway, key);
            MessageCreateParams params = MessageCreateParams.builder()
                    .model("claude-sonnet-4-6")
                    .maxTokens(10)
                    .addUserMessage("hi")
                    .build();
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.messages().create(params))
                    .isInstanceOfSatisfying(
                            AnthropicServiceException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(504));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(ledger.attempts()).isNotEmpty().allMatch(a -> a.status() == 0);

            // The gateway's own thread carries no stale interrupt into the next call.
            release.countDown();
            upstream.clear();
            upstream.enqueue(Reply.json(200, ScriptedUpstream.message("claude-sonnet-4-6", "ok", "end_turn", 3, 1)));
            Message answer = client.messages().create(params);
            assertThat(answer.content().get(0).asText().text()).isEqualTo("ok");
        } finally {
            release.countDown();
        }
    }

    @Test
    void messages_plainAnswerStallsMidBody_isCutAfterTheIdleLimit() {
        ApiKey.Created key = ApiKey.create("team", "project", new SecureRandom());
        InMemoryAttempts ledger = new InMemoryAttempts();
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                Gateway gateway = TestGateways.start(
                        GatewayConfig.of("127.0.0.1", 0, upstream.baseUri(), "sk-upstream")
                                .withStreamIdleTimeout(Duration.ofMillis(300)),
                        key,
                        ledger)) {
            // The body starts, then the upstream goes silent without ending it; only the idle limit can end the wait.
            for (int i = 0; i < 4; i++) {
                upstream.enqueue(Reply.sseCutAfter(
                        ScriptedUpstream.textStream("claude-sonnet-4-6", List.of("a", "b"), 9, 0, 3),
                        2,
                        () -> TestGateways.silentUntil(release)));
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> TestGateways.client(gateway, key)
                            .messages()
                            .create(MessageCreateParams.builder()
                                    .model("claude-sonnet-4-6")
                                    .maxTokens(10)
                                    .addUserMessage("hi")
                                    .build()))
                    .isInstanceOf(AnthropicServiceException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
        }
    }
}
