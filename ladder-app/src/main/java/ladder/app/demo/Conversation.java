package ladder.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;

/**
 * The growing context of one agent task: a stable cached prefix (tools and system prompt, each with a cache
 * breakpoint) followed by the turns so far, with a breakpoint on the newest user block, as agent clients do.
 */
final class Conversation {

    private static final String SYSTEM_PROMPT = buildSystemPrompt();

    private final ObjectMapper json;
    private final AgentWorkload.PlannedTask task;
    private final ArrayNode messages;
    private final SplittableRandom random;
    private String pendingToolUseId = "";

    Conversation(ObjectMapper json, AgentWorkload.PlannedTask task, long seed) {
        this.json = json;
        this.task = task;
        this.messages = json.createArrayNode();
        this.random = new SplittableRandom(seed);
    }

    /** The request body for {@code step}, given the turns so far. */
    byte[] requestFor(AgentWorkload.Step step) {
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        ArrayNode content = user.putArray("content");
        if (!pendingToolUseId.isEmpty()) {
            ObjectNode result = content.addObject();
            result.put("type", "tool_result");
            result.put("tool_use_id", pendingToolUseId);
            result.put("content", toolOutput());
            pendingToolUseId = "";
        }
        ObjectNode text = content.addObject();
        text.put("type", "text");
        text.put("text", instruction(step));

        ObjectNode body = json.createObjectNode();
        body.put("model", "ladder:" + step.type());
        body.put("max_tokens", maxTokens(step));
        ArrayNode system = body.putArray("system");
        ObjectNode systemBlock = system.addObject();
        systemBlock.put("type", "text");
        systemBlock.put("text", SYSTEM_PROMPT);
        systemBlock.putObject("cache_control").put("type", "ephemeral");
        body.set("tools", DemoTools.definitions(json));
        if (step.shape() == AgentWorkload.StepShape.FORCED_TOOL) {
            ObjectNode choice = body.putObject("tool_choice");
            choice.put("type", "tool");
            choice.put("name", DemoTools.NAMES.get(random.nextInt(DemoTools.NAMES.size())));
        }
        // Breakpoint on the newest block, as Claude Code does; removed again below so older turns stay unmarked.
        text.putObject("cache_control").put("type", "ephemeral");
        body.set("messages", messages);
        body.putObject("metadata").put("user_id", task.id());
        try {
            return json.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise a demo request", e);
        } finally {
            text.remove("cache_control");
        }
    }

    /** Appends the assistant's answer so the next step re-sends it as context. */
    void accept(JsonNode response) {
        JsonNode content = response.path("content");
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        ArrayNode blocks = assistant.putArray("content");
        for (JsonNode block : content) {
            blocks.add(block);
            if ("tool_use".equals(block.path("type").asText())) {
                pendingToolUseId = block.path("id").asText();
            }
        }
        if (blocks.isEmpty()) {
            ObjectNode empty = blocks.addObject();
            empty.put("type", "text");
            empty.put("text", "(no answer)");
        }
    }

    /** Drops the last user turn after a failed call, so the task can go on with the next step. */
    void abandonLastTurn() {
        if (!messages.isEmpty()) {
            messages.remove(messages.size() - 1);
        }
        pendingToolUseId = "";
    }

    private String instruction(AgentWorkload.Step step) {
        return switch (step.type()) {
            case "classify" ->
                "Classify this request into one of billing, engineering, account, security, other, "
                        + "with urgency low/medium/high. Answer as a JSON object {\"category\":...,\"urgency\":...}. "
                        + "Request: " + task.topic();
            case "extract" ->
                "Extract the entities (accounts, services, dates, amounts) that matter for: " + task.topic();
            case "tool_call" -> "Pick the tool and arguments for the next action on: " + task.topic();
            case "execute" ->
                "Use the tool result above and carry out the next action for: " + task.topic()
                        + ". Show the commands or text you would send.";
            case "plan", "root_cause" ->
                "Think through the evidence so far and write a careful " + step.type() + " for: " + task.topic()
                        + ". Consider alternatives and risks.";
            default -> "Summarise what was done for: " + task.topic() + " in five bullet points for the customer.";
        };
    }

    private static int maxTokens(AgentWorkload.Step step) {
        return switch (step.type()) {
            case "classify" -> 128;
            case "extract", "tool_call" -> 512;
            case "plan", "root_cause" -> 2048;
            default -> 1024;
        };
    }

    private String toolOutput() {
        StringBuilder out = new StringBuilder("{\"rows\":[");
        int rows = 5 + random.nextInt(30);
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"id\":")
                    .append(10_000 + random.nextInt(90_000))
                    .append(",\"status\":\"")
                    .append(random.nextBoolean() ? "open" : "resolved")
                    .append("\",\"note\":\"entry about ")
                    .append(task.topic())
                    .append("\"}");
        }
        return out.append("]}").toString();
    }

    private static String buildSystemPrompt() {
        StringBuilder prompt = new StringBuilder(12_000);
        prompt.append("You are Relay, the support-operations agent of Acme Cloud. You work through tickets step by ")
                .append("step, calling tools when facts are needed, and you never invent account data.\n\n");
        String[] rules = {
            "Always confirm the account id before changing anything.",
            "Refunds above 500 USD need a human approval ticket.",
            "Security reports go to the security queue within one hour.",
            "Quote error messages exactly; never paraphrase logs.",
            "Prefer the smallest change that resolves the customer's problem.",
            "EU customers' data stays in the EU region.",
            "When unsure, ask one precise question rather than guessing.",
            "Summaries are five bullet points, plain language, no internal jargon.",
        };
        for (int section = 1; section <= 12; section++) {
            prompt.append("## Policy section ").append(section).append('\n');
            for (String rule : rules) {
                prompt.append("- ")
                        .append(rule)
                        .append(" (applies to queue ")
                        .append(section)
                        .append(")\n");
            }
            prompt.append('\n');
        }
        return prompt.toString();
    }
}
