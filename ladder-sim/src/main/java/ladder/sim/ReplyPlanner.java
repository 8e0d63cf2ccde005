package ladder.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Decides what the simulated model answers. The content is deterministic in the sim's seed, the model and the
 * request (its last user message, system prompt and tools), so repeated calls answer alike; only the configured
 * misbehaviour rates (invalid tool input, prose instead of JSON) draw from the shared random.
 */
final class ReplyPlanner {

    private static final String[] SENTENCES = {
        "The short answer is that it depends on the inputs, so start with the simplest case.",
        "First, confirm what the expected output looks like and how it will be checked.",
        "Then split the work into small steps that can each be verified on their own.",
        "Keeping the shared context stable lets later calls reuse it instead of paying for it again.",
        "A quick test with a small example usually shows whether the approach holds.",
        "If a step fails, retry it once and escalate only when the evidence says so.",
        "The main risk is an edge case in the data, so check empty and very large inputs.",
        "Costs stay predictable when each step uses the smallest model that does the job well.",
        "Here the numbers point in one direction, and the trend is consistent across samples.",
        "Write down the assumptions, because they decide which option is cheaper in the end.",
        "The second option is simpler to maintain, although the first one is slightly faster.",
        "Once the result looks right, review it against the original request before moving on.",
        "Log what was decided and why, so the next run can start from the same point.",
        "Nothing here needs a rewrite; a few targeted changes are enough.",
        "In summary, the plan is sound and the remaining work is mostly verification."
    };

    private final long seed;
    private final ObjectMapper json;

    ReplyPlanner(long seed, ObjectMapper json) {
        this.seed = seed;
        this.json = json;
    }

    /**
     * Plans the answer to {@code request} from {@code model}.
     *
     * @param draws uniform draws in [0, 1) for the misbehaviour rates
     * @param ids source of {@code toolu_} ids
     * @throws ApiException (400) when {@code tool_choice} names a tool that is not in {@code tools}
     */
    Reply plan(JsonNode request, String model, ModelProfile profile, DoubleSupplier draws, Ids ids) {
        long contentSeed = contentSeed(request, model);
        Random random = new Random(contentSeed);
        int maxTokens = request.path("max_tokens").asInt(Integer.MAX_VALUE);
        JsonNode choice = request.path("tool_choice");
        String choiceType = choice.path("type").asText("auto");
        JsonNode tools = request.path("tools");
        if ("tool".equals(choiceType) || ("any".equals(choiceType) && tools.isArray() && !tools.isEmpty())) {
            JsonNode tool = chooseTool(choiceType, choice, tools, random);
            boolean invalid = draws.getAsDouble() < profile.invalidToolInputRate();
            JsonNode schema = tool.path("input_schema");
            JsonNode input =
                    invalid ? SchemaValues.generateInvalid(schema, random) : SchemaValues.generate(schema, random);
            if (!input.isObject()) {
                input = json.createObjectNode();
            }
            List<String> pieces = chunks(write(input));
            String id = ids.next("toolu_");
            String name = tool.path("name").asText();
            if (pieces.size() > maxTokens) {
                return new Reply(
                        List.of(new Reply.ToolUse(id, name, json.createObjectNode(), pieces.subList(0, maxTokens))),
                        "max_tokens",
                        "",
                        Math.max(1, maxTokens));
            }
            return new Reply(
                    List.of(new Reply.ToolUse(id, name, input, pieces)), "tool_use", "", Math.max(1, pieces.size()));
        }
        List<String> pieces = textPieces(request, random, profile, draws);
        return text(pieces, maxTokens, request.path("stop_sequences"));
    }

    private Reply text(List<String> planned, int maxTokens, JsonNode stopSequences) {
        StringBuilder sofar = new StringBuilder();
        List<String> kept = new ArrayList<>();
        for (String piece : planned) {
            if (kept.size() >= maxTokens) {
                return new Reply(List.of(new Reply.Text(kept)), "max_tokens", "", Math.max(1, kept.size()));
            }
            int before = sofar.length();
            sofar.append(piece);
            for (JsonNode seq : stopSequences) {
                String stop = seq.asText();
                int at = stop.isEmpty() ? -1 : sofar.indexOf(stop, Math.max(0, before - stop.length() + 1));
                if (at >= 0) {
                    if (at > before) {
                        kept.add(piece.substring(0, at - before));
                    } else if (at < before) {
                        trimTail(kept, before - at);
                    }
                    return new Reply(List.of(new Reply.Text(kept)), "stop_sequence", stop, Math.max(1, kept.size()));
                }
            }
            kept.add(piece);
        }
        return new Reply(List.of(new Reply.Text(kept)), "end_turn", "", Math.max(1, kept.size()));
    }

    private static void trimTail(List<String> kept, int chars) {
        int left = chars;
        while (left > 0 && !kept.isEmpty()) {
            String last = kept.removeLast();
            if (last.length() > left) {
                kept.add(last.substring(0, last.length() - left));
                return;
            }
            left -= last.length();
        }
    }

    private List<String> textPieces(JsonNode request, Random random, ModelProfile profile, DoubleSupplier draws) {
        JsonNode format = request.path("output_config").path("format");
        boolean schemaOutput = "json_schema".equals(format.path("type").asText());
        String prompt = lastUserText(request);
        boolean wantsJson = schemaOutput
                || prompt.toLowerCase(Locale.ROOT).contains("json")
                || systemText(request).toLowerCase(Locale.ROOT).contains("json");
        String sentence = sentences(prompt, random);
        if (wantsJson) {
            if (draws.getAsDouble() < profile.invalidJsonRate()) {
                return chunks("Sure! Here is what you asked for: " + sentence);
            }
            JsonNode value;
            if (schemaOutput) {
                value = SchemaValues.generate(format.path("schema"), random);
            } else {
                ObjectNode object = json.createObjectNode();
                object.put("answer", sentence);
                object.put("confidence", 0.5 + random.nextInt(50) / 100.0);
                value = object;
            }
            return chunks(write(value));
        }
        List<String> pieces = new ArrayList<>();
        for (String word : sentence.split(" ")) {
            pieces.add(pieces.isEmpty() ? word : " " + word);
        }
        return pieces;
    }

    private static String sentences(String prompt, Random random) {
        StringBuilder b = new StringBuilder();
        String[] promptWords = prompt.strip().split("\\s+");
        int topic = Math.min(4, promptWords.length);
        if (topic > 0 && !promptWords[0].isEmpty()) {
            b.append("On \"")
                    .append(String.join(" ", Arrays.copyOf(promptWords, topic)))
                    .append("\": ");
        }
        int sentenceCount = 2 + random.nextInt(4);
        int next = random.nextInt(SENTENCES.length);
        for (int s = 0; s < sentenceCount; s++) {
            b.append(SENTENCES[next]).append(' ');
            next = (next + 1 + random.nextInt(3)) % SENTENCES.length;
        }
        return b.toString().strip();
    }

    private JsonNode chooseTool(String choiceType, JsonNode choice, JsonNode tools, Random random) {
        if ("tool".equals(choiceType)) {
            String name = choice.path("name").asText();
            for (JsonNode tool : tools) {
                if (name.equals(tool.path("name").asText())) {
                    return tool;
                }
            }
            throw ApiException.invalidRequest(
                    "tool_choice.name: tool '" + name + "' is not one of the request's tools");
        }
        return tools.get(random.nextInt(tools.size()));
    }

    private long contentSeed(JsonNode request, String model) {
        String basis = model + "\n" + systemText(request) + "\n" + lastUserText(request) + "\n" + request.path("tools");
        long h = 1125899906842597L;
        for (byte b : basis.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h ^ seed;
    }

    /** The text of the last user message, or of its text blocks; empty when there is none. */
    static String lastUserText(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if ("user".equals(m.path("role").asText())) {
                return text(m.path("content"));
            }
        }
        return "";
    }

    private static String systemText(JsonNode request) {
        return text(request.path("system"));
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode block : content) {
            if (block.has("text")) {
                b.append(block.get("text").asText()).append(' ');
            } else if (block.has("content")) {
                b.append(text(block.get("content"))).append(' ');
            }
        }
        return b.toString().strip();
    }

    /** Splits JSON or other text into pieces of about one token each. */
    static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += TokenEstimator.CHARS_PER_TOKEN) {
            out.add(text.substring(i, Math.min(text.length(), i + TokenEstimator.CHARS_PER_TOKEN)));
        }
        if (out.isEmpty()) {
            out.add("");
        }
        return out;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
