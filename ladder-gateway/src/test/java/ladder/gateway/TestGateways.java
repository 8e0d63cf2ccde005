package ladder.gateway;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import ladder.core.Sleeper;
import ladder.testkit.FakeClock;
import ladder.testkit.RecordingSleeper;

/** A gateway over the static router and pricer and an in-memory ledger, for the failure-mode ITs. */
final class TestGateways {

    private TestGateways() {}

    /** A gateway admitting {@code key}, recording into {@code ledger}, on a fixed clock, with no real sleeps. */
    static Gateway start(GatewayConfig config, ApiKey.Created key, InMemoryAttempts ledger) {
        return start(config, key, ledger, RecordingSleeper.create());
    }

    /** As {@link #start(GatewayConfig, ApiKey.Created, InMemoryAttempts)}, sleeping with {@code sleeper}. */
    static Gateway start(GatewayConfig config, ApiKey.Created key, InMemoryAttempts ledger, Sleeper sleeper) {
        return Gateway.start(
                config,
                new Gateway.Ports(
                        KeyRing.of(List.of(key.stored())),
                        StaticRouter.defaults(),
                        new StaticPricer(),
                        ledger,
                        ledger,
                        FakeClock.at("2026-11-25T00:00:00Z"),
                        sleeper));
    }

    /** The official SDK pointed at {@code gateway} with {@code key}, without its own retries. */
    static AnthropicClient client(Gateway gateway, ApiKey.Created key) {
        return AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port())
                .apiKey(key.plainKey())
                .maxRetries(0)
                .build();
    }

    /** Blocks until {@code release} opens (at most 10 s): an upstream that has stopped talking. */
    static void silentUntil(CountDownLatch release) {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
