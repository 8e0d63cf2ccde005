package ladder.app.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, realistic agent workload: each task is a loop of classify, retrieve, tool selection and execution
 * steps; a minority needs hard reasoning; a few are latency-tolerant. The same seed gives the same workload.
 */
final class AgentWorkload {

    /** One planned step of a task. */
    record Step(String type, StepShape shape) {}

    /** What a step asks of the model. */
    enum StepShape {
        /** Free text answer. */
        TEXT,
        /** A forced tool call whose input must validate against the tool's schema. */
        FORCED_TOOL,
        /** A JSON answer the gateway validates ({@code x-ladder-expect: json}). */
        JSON
    }

    /** One planned task. */
    record PlannedTask(String id, String topic, List<Step> steps, boolean latencyTolerant) {}

    static final String[] TOPICS = {
        "refund request for a duplicated invoice",
        "flaky integration test in the payments service",
        "customer asks to migrate their workspace to the EU region",
        "summarise last week's incident reports",
        "SQL report of churned accounts by plan",
        "bug: export to CSV drops the last row",
        "draft release notes for version 4.2",
        "triage a security disclosure about session fixation",
        "translate onboarding emails to German",
        "root cause of elevated p99 latency after deploy",
    };

    private AgentWorkload() {}

    /** Plans {@code tasks} tasks from {@code seed}. */
    static List<PlannedTask> plan(int tasks, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PlannedTask> planned = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            List<Step> steps = new ArrayList<>();
            steps.add(new Step("classify", StepShape.JSON));
            steps.add(new Step("extract", StepShape.TEXT));
            int loops = 1 + random.nextInt(3);
            for (int loop = 0; loop < loops; loop++) {
                steps.add(new Step("tool_call", StepShape.FORCED_TOOL));
                steps.add(new Step("execute", StepShape.TEXT));
            }
            if (random.nextInt(100) < 15) {
                steps.add(new Step(random.nextBoolean() ? "plan" : "root_cause", StepShape.TEXT));
            }
            steps.add(new Step("summarize", StepShape.TEXT));
            boolean latencyTolerant = random.nextInt(100) < 8;
            planned.add(new PlannedTask(
                    "demo-task-%04d".formatted(i), TOPICS[random.nextInt(TOPICS.length)], steps, latencyTolerant));
        }
        return planned;
    }
}
