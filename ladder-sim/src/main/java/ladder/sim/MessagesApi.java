package ladder.sim;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Messages API of the sim without the HTTP server: validates a request, injects faults, accounts cache usage,
 * plans the answer and writes it as a message or as an SSE stream.
 */
final class MessagesApi {

    /** API versions the sim accepts in {@code anthropic-version}. */
    static final Set<String> VERSIONS = Set.of("2023-06-01", "2026-10-21");
    /** The version that removed sampling parameters. */
    static final String VERSION_2026_10_21 = "2026-10-21";

    private static final Set<String> ROLES = Set.of("user", "assistant", "system");
    private static final Set<String> TOOL_CHOICES = Set.of("auto", "any", "tool", "none");
    private static final List<String> SAMPLING = List.of("temperature", "top_p", "top_k");
    /** Output-token pieces per content delta; real streams carry a few tokens per delta. */
    private static final int PIECES_PER_DELTA = 3;

    private final ObjectMapper json;
    private final SimConfig config;
    private final Map<String, ModelProfile> profiles = new ConcurrentHashMap<>();
    private final PromptCache cache;
    private final ReplyPlanner planner;
    private final FaultInjector faults;
    private final Ids ids;
    private final Pause pause;

    /** Waits for simulated latency; the HTTP layer sleeps, tests pass zero latencies. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration);
    }

    /**
     * A call that passed validation and fault injection, with its answer planned.
     *
     * @param fault the fault to play mid-stream; {@code Fault.STREAM_CUT}/{@code STREAM_ERROR} or empty
     */
    record Planned(
            String id,
            String model,
            ModelProfile profile,
            Reply reply,
            PromptCache.Accounting usage,
            String serviceTier,
            Optional<Fault> fault) {}

    MessagesApi(
            ObjectMapper json,
            SimConfig config,
            PromptCache cache,
            ReplyPlanner planner,
            FaultInjector faults,
            Ids ids,
            Pause pause) {
        this.json = json;
        this.config = config;
        this.profiles.putAll(config.models());
        this.cache = cache;
        this.planner = planner;
        this.faults = faults;
        this.ids = ids;
        this.pause = pause;
    }

    ModelProfile profile(String model) {
        return profiles.getOrDefault(model, config.defaultProfile());
    }

    void setProfile(String model, ModelProfile profile) {
        profiles.put(model, profile);
    }

    void resetProfiles() {
        profiles.clear();
        profiles.putAll(config.models());
    }

    /** Parses a JSON request body. */
    JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.invalidRequest("request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array cannot fail", e);
        }
    }

    /**
     * Validates a create (or, without {@code max_tokens}, a count_tokens) request.
     *
     * @throws ApiException (400) naming the field, as the real API does
     */
    void validate(JsonNode request, String version, boolean create) {
        JsonNode model = request.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw ApiException.invalidRequest("model: Field required");
        }
        if (create) {
            JsonNode maxTokens = request.get("max_tokens");
            if (maxTokens == null || !maxTokens.isIntegralNumber()) {
                throw ApiException.invalidRequest("max_tokens: Field required");
            }
            if (maxTokens.asLong() < 1) {
                throw ApiException.invalidRequest("max_tokens: Input should be greater than or equal to 1");
            }
        }
        JsonNode messages = request.get("messages");
        if (messages == null || !messages.isArray()) {
            throw ApiException.invalidRequest("messages: Field required");
        }
        if (messages.isEmpty()) {
            throw ApiException.invalidRequest("messages: at least one message is required");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!ROLES.contains(m.path("role").asText())) {
                throw ApiException.invalidRequest(
                        "messages." + i + ".role: Input should be 'user', 'assistant' or 'system'");
            }
            JsonNode content = m.get("content");
            if (content == null || !(content.isTextual() || content.isArray())) {
                throw ApiException.invalidRequest("messages." + i + ".content: Field required");
            }
        }
        JsonNode stream = request.get("stream");
        if (stream != null && !stream.isBoolean() && !stream.isNull()) {
            throw ApiException.invalidRequest("stream: Input should be a valid boolean");
        }
        JsonNode tools = request.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw ApiException.invalidRequest("tools: Input should be a valid list");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode t = tools.get(i);
                if (!t.path("name").isTextual()) {
                    throw ApiException.invalidRequest("tools." + i + ".name: Field required");
                }
                if (!t.has("type") && !t.path("input_schema").isObject()) {
                    throw ApiException.invalidRequest("tools." + i + ".input_schema: Field required");
                }
            }
        }
        JsonNode choice = request.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            String type = choice.path("type").asText();
            if (!TOOL_CHOICES.contains(type)) {
                throw ApiException.invalidRequest("tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
            }
            if ("tool".equals(type) && !choice.path("name").isTextual()) {
                throw ApiException.invalidRequest("tool_choice.name: Field required");
            }
        }
        if (VERSION_2026_10_21.equals(version)) {
            for (String field : SAMPLING) {
                if (request.has(field)) {
                    throw ApiException.invalidRequest(field + ": Extra inputs are not permitted (removed in "
                            + "anthropic-version " + VERSION_2026_10_21 + ")");
                }
            }
        }
    }

    /** The body of a count_tokens answer. */
    ObjectNode countTokens(JsonNode request) {
        ObjectNode out = json.createObjectNode();
        out.put("input_tokens", PromptLayout.of(request, json).totalTokens());
        return out;
    }

    /**
     * Injects faults, accounts the cache and plans the answer of a validated create request.
     *
     * @throws ApiException for an injected HTTP-level fault (529, 429, 500)
     */
    Planned plan(JsonNode request, String serviceTier, boolean injectFaults) {
        String model = request.get("model").asText();
        ModelProfile profile = profile(model);
        boolean streamed = request.path("stream").asBoolean(false);
        Optional<Fault> fault = injectFaults ? faults.next(profile.faults(), streamed) : Optional.empty();
        if (fault.isPresent()) {
            switch (fault.get()) {
                case OVERLOADED -> throw ApiException.overloaded();
                case RATE_LIMITED ->
                    throw ApiException.rateLimited(profile.faults().retryAfterSeconds());
                case SERVER_ERROR -> throw ApiException.serverError();
                case STREAM_ERROR -> {
                    if (!streamed) {
                        throw ApiException.overloaded();
                    }
                }
                case STREAM_CUT -> {
                    // Handled by the caller: streamed calls cut mid-stream, plain calls lose the connection.
                }
            }
        }
        PromptLayout layout = PromptLayout.of(request, json);
        Reply reply = planner.plan(request, model, profile, faults::draw, ids);
        PromptCache.Accounting usage = cache.account(model, layout, profile.minCacheableTokens());
        return new Planned(ids.next("msg_"), model, profile, reply, usage, serviceTier, fault);
    }

    /** The full {@code Message} of a planned call. */
    ObjectNode message(Planned p) {
        ObjectNode m = messageShell(p);
        ArrayNode content = m.putArray("content");
        for (Reply.Content c : p.reply().content()) {
            content.add(block(c, true));
        }
        m.put("stop_reason", p.reply().stopReason());
        if (p.reply().stopSequence().isEmpty()) {
            m.putNull("stop_sequence");
        } else {
            m.put("stop_sequence", p.reply().stopSequence());
        }
        m.set("usage", usage(p, p.reply().outputTokens(), true));
        return m;
    }

    /** Waits as long as the model would take to produce the whole message. */
    void awaitWhole(Planned p) {
        pause.pause(p.profile()
                .firstTokenLatency()
                .plus(p.profile().perTokenLatency().multipliedBy(p.reply().outputTokens())));
    }

    /**
     * Streams a planned call as SSE. A {@link Fault#STREAM_ERROR} writes {@code event: error} mid-stream and ends;
     * a {@link Fault#STREAM_CUT} returns {@code false} mid-stream so the caller drops the connection.
     *
     * @return whether the stream completed normally (or ended after an error event)
     */
    boolean stream(Planned p, OutputStream out) {
        SseWriter sse = new SseWriter(out, json);
        pause.pause(p.profile().firstTokenLatency());
        ObjectNode start = json.createObjectNode();
        start.put("type", "message_start");
        ObjectNode m = messageShell(p);
        m.putArray("content");
        m.putNull("stop_reason");
        m.putNull("stop_sequence");
        m.set("usage", usage(p, 1, true));
        start.set("message", m);
        sse.event("message_start", start);
        sse.event("ping", json.createObjectNode().put("type", "ping"));
        int totalDeltas = 0;
        for (Reply.Content c : p.reply().content()) {
            totalDeltas += deltaCount(c);
        }
        int faultAt = Math.max(1, totalDeltas / 2);
        int sent = 0;
        List<Reply.Content> content = p.reply().content();
        for (int index = 0; index < content.size(); index++) {
            Reply.Content c = content.get(index);
            ObjectNode blockStart = json.createObjectNode();
            blockStart.put("type", "content_block_start");
            blockStart.put("index", index);
            blockStart.set("content_block", block(c, false));
            sse.event("content_block_start", blockStart);
            List<String> pieces = c.pieces();
            if (c instanceof Reply.ToolUse) {
                // The API's first input_json_delta of a tool_use block is often empty.
                sse.event("content_block_delta", delta(index, c, ""));
            }
            for (int i = 0; i < pieces.size(); i += PIECES_PER_DELTA) {
                if (sent == faultAt && p.fault().isPresent()) {
                    return fault(p.fault().get(), sse);
                }
                List<String> group = pieces.subList(i, Math.min(pieces.size(), i + PIECES_PER_DELTA));
                pause.pause(p.profile().perTokenLatency().multipliedBy(group.size()));
                sse.event("content_block_delta", delta(index, c, String.join("", group)));
                sent++;
            }
            ObjectNode stop = json.createObjectNode();
            stop.put("type", "content_block_stop");
            stop.put("index", index);
            sse.event("content_block_stop", stop);
        }
        if (p.fault().isPresent()) {
            return fault(p.fault().get(), sse);
        }
        ObjectNode messageDelta = json.createObjectNode();
        messageDelta.put("type", "message_delta");
        ObjectNode d = messageDelta.putObject("delta");
        d.put("stop_reason", p.reply().stopReason());
        if (p.reply().stopSequence().isEmpty()) {
            d.putNull("stop_sequence");
        } else {
            d.put("stop_sequence", p.reply().stopSequence());
        }
        messageDelta.set("usage", usage(p, p.reply().outputTokens(), false));
        sse.event("message_delta", messageDelta);
        sse.event("message_stop", json.createObjectNode().put("type", "message_stop"));
        return true;
    }

    private boolean fault(Fault fault, SseWriter sse) {
        if (fault == Fault.STREAM_CUT) {
            return false;
        }
        ObjectNode error = json.createObjectNode();
        error.put("type", "error");
        ObjectNode e = error.putObject("error");
        e.put("type", "overloaded_error");
        e.put("message", "Overloaded");
        sse.event("error", error);
        return true;
    }

    private static int deltaCount(Reply.Content c) {
        return (c.pieces().size() + PIECES_PER_DELTA - 1) / PIECES_PER_DELTA;
    }

    private ObjectNode delta(int index, Reply.Content c, String text) {
        ObjectNode event = json.createObjectNode();
        event.put("type", "content_block_delta");
        event.put("index", index);
        ObjectNode delta = event.putObject("delta");
        switch (c) {
            case Reply.Text t -> {
                delta.put("type", "text_delta");
                delta.put("text", text);
            }
            case Reply.ToolUse u -> {
                delta.put("type", "input_json_delta");
                delta.put("partial_json", text);
            }
        }
        return event;
    }

    private ObjectNode block(Reply.Content c, boolean complete) {
        ObjectNode b = json.createObjectNode();
        switch (c) {
            case Reply.Text t -> {
                b.put("type", "text");
                b.put("text", complete ? t.text() : "");
            }
            case Reply.ToolUse u -> {
                b.put("type", "tool_use");
                b.put("id", u.id());
                b.put("name", u.name());
                b.set("input", complete ? u.input().deepCopy() : json.createObjectNode());
            }
        }
        return b;
    }

    private ObjectNode messageShell(Planned p) {
        ObjectNode m = json.createObjectNode();
        m.put("id", p.id());
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", p.model());
        return m;
    }

    private ObjectNode usage(Planned p, int outputTokens, boolean full) {
        ObjectNode u = json.createObjectNode();
        PromptCache.Accounting a = p.usage();
        u.put("input_tokens", a.inputTokens());
        u.put("cache_creation_input_tokens", a.cacheCreationTokens());
        u.put("cache_read_input_tokens", a.cacheReadTokens());
        if (full) {
            ObjectNode split = u.putObject("cache_creation");
            split.put("ephemeral_5m_input_tokens", a.cacheWrite5mTokens());
            split.put("ephemeral_1h_input_tokens", a.cacheWrite1hTokens());
        }
        u.put("output_tokens", outputTokens);
        if (full) {
            u.put("service_tier", p.serviceTier());
        }
        return u;
    }
}
