package ladder.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives the planned workload through a gateway with a real HTTP client, as an agent framework would: each task's
 * steps run in order (each call re-sends the growing context), tasks run concurrently.
 */
final class DemoDriver {

    /** What the client saw for one call. */
    record CallOutcome(String taskId, String step, int status, String model, String tier, int attempts) {}

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI messagesUri;
    private final String apiKey;
    private final int concurrency;
    private final long seed;

    DemoDriver(URI baseUri, String apiKey, int concurrency, long seed) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.json = new ObjectMapper();
        this.messagesUri = baseUri.resolve("/v1/messages");
        this.apiKey = apiKey;
        this.concurrency = concurrency;
        this.seed = seed;
    }

    /** Runs every task and returns what the client saw, printing progress to {@code progress}. */
    List<CallOutcome> run(List<AgentWorkload.PlannedTask> tasks, PrintStream progress) throws InterruptedException {
        ConcurrentLinkedQueue<CallOutcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        Semaphore slots = new Semaphore(concurrency);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (AgentWorkload.PlannedTask task : tasks) {
                slots.acquire();
                executor.execute(() -> {
                    try {
                        runTask(task, outcomes);
                    } finally {
                        slots.release();
                        int finished = done.incrementAndGet();
                        if (finished % 25 == 0 || finished == tasks.size()) {
                            progress.printf("  %d/%d tasks done%n", finished, tasks.size());
                        }
                    }
                });
            }
        }
        return List.copyOf(outcomes);
    }

    private void runTask(AgentWorkload.PlannedTask task, ConcurrentLinkedQueue<CallOutcome> outcomes) {
        Conversation conversation =
                new Conversation(json, task, seed ^ task.id().hashCode());
        for (AgentWorkload.Step step : task.steps()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(messagesUri)
                    .timeout(Duration.ofSeconds(60))
                    .header("content-type", "application/json")
                    .header("anthropic-version", "2023-06-01")
                    .header("x-api-key", apiKey)
                    .header("x-ladder-task-id", task.id())
                    .header("x-ladder-step", step.type())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(conversation.requestFor(step)));
            if (step.shape() == AgentWorkload.StepShape.JSON) {
                request.header("x-ladder-expect", "json");
            }
            if (task.latencyTolerant()) {
                // Nightly-report style work: nobody waits for it, so it could have gone through the Batch API.
                request.header("x-ladder-latency", "tolerant");
            }
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                outcomes.add(new CallOutcome(
                        task.id(),
                        step.type(),
                        response.statusCode(),
                        response.headers().firstValue("x-ladder-model").orElse(""),
                        response.headers().firstValue("x-ladder-tier").orElse(""),
                        response.headers()
                                .firstValue("x-ladder-attempts")
                                .map(Integer::parseInt)
                                .orElse(1)));
                if (response.statusCode() == 200) {
                    JsonNode body = json.readTree(response.body());
                    conversation.accept(body);
                } else {
                    conversation.abandonLastTurn();
                }
            } catch (IOException e) {
                outcomes.add(new CallOutcome(task.id(), step.type(), 0, "", "", 0));
                conversation.abandonLastTurn();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
