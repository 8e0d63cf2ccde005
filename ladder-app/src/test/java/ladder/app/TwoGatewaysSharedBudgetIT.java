package ladder.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ladder.core.Money;
import ladder.core.ledger.SpendLine;
import ladder.core.ledger.TimeWindow;
import ladder.gateway.ApiKey;
import ladder.sim.ModelProfile;
import ladder.sim.SimConfig;
import ladder.sim.SimulatedUpstream;
import ladder.store.postgres.PostgresLedgerStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real gateway processes ({@code java -jar ladder.jar serve}) sharing one PostgreSQL ledger and one small team
 * budget: many concurrent calls through both never spend more than the budget, because each reservation is taken
 * atomically in the shared database before the call is sent.
 */
class TwoGatewaysSharedBudgetIT {

    private static final String PG_URL = System.getenv().getOrDefault("LADDER_TEST_PG_URL", "");
    private static final Money BUDGET = Money.parseUsd("0.025");

    @TempDir
    Path dir;

    private final List<Process> gateways = new ArrayList<>();

    @AfterEach
    void stop() {
        gateways.forEach(Process::destroyForcibly);
    }

    @Test
    void concurrentCallsThroughTwoGateways_neverSpendMoreThanTheSharedBudget() throws Exception {
        assumeTrue(!PG_URL.isBlank(), "LADDER_TEST_PG_URL is not set: the shared-budget test needs PostgreSQL");
        Path jar = Path.of("target", "ladder.jar").toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "the application jar is built in the package phase, before this IT");
        String team = "budget-it-" + UUID.randomUUID().toString().substring(0, 8);
        ApiKey.Created key = ApiKey.create(team, "shared", new SecureRandom());
        KeysFile.write(dir.resolve("keys.yaml"), List.of(key.stored()));
        Files.writeString(
                dir.resolve("policy.yaml"),
                "teams:\n  " + team + ":\n    monthly-budget: \"" + BUDGET.toUsdString() + "\"\n");

        // Slow enough that calls overlap: reservations are held while answers are on their way.
        SimConfig sim = SimConfig.instant()
                .withModel("claude-haiku-4-5", ModelProfile.of(Duration.ofMillis(300), Duration.ZERO, 2048));
        try (SimulatedUpstream upstream = SimulatedUpstream.start(sim)) {
            List<URI> bases = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int port = freePort();
                Path config = dir.resolve("gateway-" + i + ".yaml");
                Files.writeString(config, """
                        gateway:
                          listen: {host: 127.0.0.1, port: %d}
                          upstream: {base-url: "%s", api-key: sim-key}
                          keys-file: keys.yaml
                          policy-file: policy.yaml
                        ledger:
                          store-url: "%s"
                        """.formatted(port, upstream.baseUri(), PG_URL));
                gateways.add(new ProcessBuilder(
                                javaBin(), "-jar", jar.toString(), "serve", "--config", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("gateway-" + i + ".log").toFile())
                        .start());
                bases.add(URI.create("http://127.0.0.1:" + port));
            }
            HttpClient http = HttpClient.newHttpClient();
            for (URI base : bases) {
                awaitHealthy(http, base);
            }

            int calls = 12;
            List<Integer> statuses = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    URI base = bases.get(i % 2);
                    String task = "task-" + i;
                    futures.add(pool.submit(() -> call(http, base, key.plainKey(), task)));
                }
                for (Future<Integer> f : futures) {
                    statuses.add(f.get());
                }
            }
            assertThat(statuses).containsOnly(200, 402);
            assertThat(statuses).contains(200).contains(402);

            Money spent = Money.ZERO;
            try (PostgresLedgerStore store = PostgresLedgerStore.open(PG_URL)) {
                // Both gateways flush their ledger writers within a second.
                for (int attempt = 0; attempt < 50; attempt++) {
                    spent = teamSpend(store, team);
                    long stored = teamAttempts(store, team);
                    if (stored == statuses.stream().filter(s -> s == 200).count()) {
                        break;
                    }
                    Thread.sleep(100);
                }
            }
            assertThat(spent.nanos()).isPositive();
            assertThat(spent).isLessThanOrEqualTo(BUDGET);
        }
    }

    private static int call(HttpClient http, URI base, String key, String task) throws Exception {
        // About 10,000 input tokens: each call costs about $0.01 on Haiku 4.5, so the budget admits only a couple of
        // calls in all; two gateways with budgets of their own would admit twice as many.
        String ticket = "Refund for a duplicated invoice, order 12345, customer writes again. ".repeat(570);
        String body = """
                {"model":"ladder:classify","max_tokens":100,
                 "messages":[{"role":"user","content":"Classify this ticket: %s"}]}""".formatted(ticket);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve("/v1/messages"))
                        .header("content-type", "application/json")
                        .header("anthropic-version", "2023-06-01")
                        .header("x-api-key", key)
                        .header("x-ladder-task-id", task)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static Money teamSpend(PostgresLedgerStore store, String team) {
        Money total = Money.ZERO;
        for (SpendLine line : store.spendByTeamAndProject(window())) {
            if (line.team().equals(team)) {
                total = total.plus(line.total());
            }
        }
        return total;
    }

    private static long teamAttempts(PostgresLedgerStore store, String team) {
        return store.spendByTeamAndProject(window()).stream()
                .filter(line -> line.team().equals(team))
                .mapToLong(SpendLine::attempts)
                .sum();
    }

    private static TimeWindow window() {
        return TimeWindow.of(
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));
    }

    private static void awaitHealthy(HttpClient http, URI base) throws Exception {
        for (int i = 0; i < 200; i++) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(base.resolve("/healthz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the gateway JVM is still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gateway at " + base + " did not become healthy");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
