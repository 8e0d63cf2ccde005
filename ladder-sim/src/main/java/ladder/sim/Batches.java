package ladder.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Message Batches: every request is answered when the batch is created (with {@code service_tier: "batch"}), and the
 * batch shows {@code in_progress} until the configured delay has passed on the injected clock, then {@code ended}
 * with a {@code results_url}. Cancelling an unfinished batch cancels all its requests.
 */
final class Batches {

    /** How long after creation a batch expires, as on the real API. */
    static final Duration EXPIRY = Duration.ofHours(24);
    /** Page size of a list without {@code limit}. */
    static final int DEFAULT_LIMIT = 20;

    private final ObjectMapper json;
    private final MessagesApi messages;
    private final InstantSource clock;
    private final Duration delay;
    private final Ids ids;
    private final Map<String, Batch> batches = new LinkedHashMap<>();

    private static final class Batch {
        final String id;
        final Instant createdAt;
        Instant endsAt;
        boolean canceled;
        final List<ObjectNode> results;

        Batch(String id, Instant createdAt, Instant endsAt, List<ObjectNode> results) {
            this.id = id;
            this.createdAt = createdAt;
            this.endsAt = endsAt;
            this.results = results;
        }
    }

    Batches(ObjectMapper json, MessagesApi messages, InstantSource clock, Duration delay, Ids ids) {
        this.json = json;
        this.messages = messages;
        this.clock = clock;
        this.delay = delay;
        this.ids = ids;
    }

    /** Creates a batch from a create body and answers every request in it. */
    ObjectNode create(JsonNode body, String version, String baseUri) {
        JsonNode requests = body.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            throw ApiException.invalidRequest("requests: at least one request is required");
        }
        Set<String> customIds = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            JsonNode r = requests.get(i);
            String customId = r.path("custom_id").asText("");
            if (customId.isEmpty()) {
                throw ApiException.invalidRequest("requests." + i + ".custom_id: Field required");
            }
            if (!customIds.add(customId)) {
                throw ApiException.invalidRequest("requests." + i + ".custom_id: duplicate custom_id '" + customId
                        + "'; each request in a batch needs its own");
            }
            if (!r.path("params").isObject()) {
                throw ApiException.invalidRequest("requests." + i + ".params: Field required");
            }
        }
        List<ObjectNode> results = new ArrayList<>();
        for (JsonNode r : requests) {
            results.add(answer(r.get("custom_id").asText(), r.get("params"), version));
        }
        Instant now = clock.instant();
        Batch batch = new Batch(ids.next("msgbatch_"), now, now.plus(delay), results);
        synchronized (this) {
            batches.put(batch.id, batch);
            return view(batch, baseUri, now);
        }
    }

    private ObjectNode answer(String customId, JsonNode params, String version) {
        ObjectNode line = json.createObjectNode();
        line.put("custom_id", customId);
        ObjectNode result = line.putObject("result");
        try {
            if (params.path("stream").asBoolean(false)) {
                throw ApiException.invalidRequest("stream: streaming is not supported in batches");
            }
            messages.validate(params, version, true);
            MessagesApi.Planned planned = messages.plan(params, "batch", false);
            result.put("type", "succeeded");
            result.set("message", messages.message(planned));
        } catch (ApiException e) {
            result.put("type", "errored");
            ObjectNode error = result.putObject("error");
            error.put("type", "error");
            ObjectNode inner = error.putObject("error");
            inner.put("type", e.type());
            inner.put("message", e.getMessage());
        }
        return line;
    }

    synchronized ObjectNode retrieve(String id, String baseUri) {
        return view(find(id), baseUri, clock.instant());
    }

    synchronized ObjectNode cancel(String id, String baseUri) {
        Batch batch = find(id);
        Instant now = clock.instant();
        if (now.isBefore(batch.endsAt)) {
            batch.canceled = true;
            batch.endsAt = now;
            ObjectNode view = view(batch, baseUri, now);
            // The real API answers a cancel with the batch still winding down.
            view.put("processing_status", "canceling");
            view.putNull("ended_at");
            view.putNull("results_url");
            return view;
        }
        return view(batch, baseUri, now);
    }

    synchronized ObjectNode delete(String id) {
        Batch batch = find(id);
        if (clock.instant().isBefore(batch.endsAt)) {
            throw ApiException.invalidRequest(
                    "Batch " + id + " cannot be deleted while it is in progress; cancel it first");
        }
        batches.remove(id);
        ObjectNode out = json.createObjectNode();
        out.put("id", id);
        out.put("type", "message_batch_deleted");
        return out;
    }

    /** The JSON Lines results of an ended batch. */
    synchronized String results(String id) {
        Batch batch = find(id);
        if (clock.instant().isBefore(batch.endsAt)) {
            throw ApiException.invalidRequest("Batch " + id + " has not ended yet; its results are not available");
        }
        StringBuilder out = new StringBuilder();
        for (ObjectNode line : batch.results) {
            ObjectNode shown = line;
            if (batch.canceled) {
                shown = json.createObjectNode();
                shown.put("custom_id", line.get("custom_id").asText());
                shown.putObject("result").put("type", "canceled");
            }
            out.append(shown).append('\n');
        }
        return out.toString();
    }

    /** A page of batches, newest first, per {@code before_id}, {@code after_id} and {@code limit}. */
    synchronized ObjectNode list(String beforeId, String afterId, int limit, String baseUri) {
        if (limit < 1 || limit > 1000) {
            throw ApiException.invalidRequest("limit: Input should be from 1 to 1000");
        }
        List<Batch> all = new ArrayList<>(batches.values()).reversed();
        int from = 0;
        int to = all.size();
        if (!afterId.isEmpty()) {
            from = indexOf(all, afterId) + 1;
        }
        if (!beforeId.isEmpty()) {
            to = indexOf(all, beforeId);
            from = Math.max(from, to - limit);
        }
        List<Batch> page = all.subList(Math.min(from, to), Math.min(to, from + limit));
        Instant now = clock.instant();
        ObjectNode out = json.createObjectNode();
        ArrayNode data = out.putArray("data");
        page.forEach(b -> data.add(view(b, baseUri, now)));
        out.put("has_more", beforeId.isEmpty() ? from + limit < to : from > 0);
        if (page.isEmpty()) {
            out.putNull("first_id");
            out.putNull("last_id");
        } else {
            out.put("first_id", page.getFirst().id);
            out.put("last_id", page.getLast().id);
        }
        return out;
    }

    private static int indexOf(List<Batch> all, String id) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id.equals(id)) {
                return i;
            }
        }
        throw ApiException.notFound("No message batch with id " + id);
    }

    private Batch find(String id) {
        Batch batch = batches.get(id);
        if (batch == null) {
            throw ApiException.notFound("No message batch with id " + id);
        }
        return batch;
    }

    private ObjectNode view(Batch batch, String baseUri, Instant now) {
        boolean ended = !now.isBefore(batch.endsAt);
        ObjectNode b = json.createObjectNode();
        b.put("id", batch.id);
        b.put("type", "message_batch");
        b.put("processing_status", ended ? "ended" : "in_progress");
        ObjectNode counts = b.putObject("request_counts");
        int succeeded = 0;
        int errored = 0;
        for (ObjectNode r : batch.results) {
            if ("succeeded".equals(r.path("result").path("type").asText())) {
                succeeded++;
            } else {
                errored++;
            }
        }
        int total = batch.results.size();
        counts.put("processing", ended ? 0 : total);
        counts.put("succeeded", ended && !batch.canceled ? succeeded : 0);
        counts.put("errored", ended && !batch.canceled ? errored : 0);
        counts.put("canceled", ended && batch.canceled ? total : 0);
        counts.put("expired", 0);
        b.put("created_at", batch.createdAt.toString());
        b.put("expires_at", batch.createdAt.plus(EXPIRY).toString());
        if (ended) {
            b.put("ended_at", batch.endsAt.toString());
            b.put("results_url", baseUri + "/v1/messages/batches/" + batch.id + "/results");
        } else {
            b.putNull("ended_at");
            b.putNull("results_url");
        }
        if (batch.canceled) {
            b.put("cancel_initiated_at", batch.endsAt.toString());
        } else {
            b.putNull("cancel_initiated_at");
        }
        b.putNull("archived_at");
        return b;
    }
}
