package ladder.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A fake Anthropic API on loopback that answers from a script: each request takes the next queued {@link Reply}
 * (plain JSON, SSE with pings, 529, 429 with {@code retry-after}, a cut stream, a mid-stream {@code error} event), and
 * every request's method, path, headers and raw body bytes are recorded. Uses the JDK's {@code HttpServer}, so the
 * testkit needs no server dependency.
 */
public final class ScriptedUpstream implements AutoCloseable {

    /** One request as the upstream received it. */
    public record Recorded(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {

        /** The first value of header {@code name} (case-insensitive), or empty text. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? "" : values.get(0);
        }

        /** Every value of header {@code name} (case-insensitive). */
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The body as UTF-8 text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What to answer to one request. */
    public sealed interface Reply {

        /** A complete response with a body. */
        record Full(int status, Map<String, String> headers, byte[] body) implements Reply {
            /** A copy with one more header. */
            public Full withHeader(String name, String value) {
                Map<String, String> copy = new LinkedHashMap<>(headers);
                copy.put(name, value);
                return new Full(status, copy, body);
            }
        }

        /**
         * A {@code text/event-stream} response written event by event, flushing after each.
         *
         * @param events raw events, each written as given (end each with a blank line)
         * @param cutAfter when {@code >= 0}, the connection is dropped after this many events, without ending the body
         * @param beforeCut runs just before the cut, e.g. to wait until the client has seen the events sent so far
         *     (the JDK client drops bytes it has received but not yet read when the connection breaks)
         */
        record Stream(List<String> events, int cutAfter, Runnable beforeCut) implements Reply {
            public Stream {
                events = List.copyOf(events);
                Objects.requireNonNull(beforeCut, "beforeCut");
            }
        }

        /**
         * A response that announces one byte more than {@code body}, sends the body in one write, then drops the
         * connection: the client reads the whole body, then fails on the missing end.
         */
        record Truncated(Map<String, String> headers, byte[] body) implements Reply {}

        /** A reply computed from the request (for example echoing its model). */
        record Computed(Function<Recorded, Reply> reply) implements Reply {}

        /** A JSON answer with {@code status}. */
        static Full json(int status, String body) {
            return new Full(status, Map.of("content-type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }

        /** 529 {@code overloaded_error}. */
        static Full overloaded() {
            return json(529, error("overloaded_error", "Overloaded"));
        }

        /** 429 {@code rate_limit_error} asking to wait {@code retryAfter} (whole seconds in {@code retry-after}). */
        static Full rateLimited(Duration retryAfter) {
            return json(429, error("rate_limit_error", "Number of requests has exceeded your rate limit"))
                    .withHeader("retry-after", Long.toString(retryAfter.toSeconds()));
        }

        /** An SSE stream of {@code events}. */
        static Stream sse(List<String> events) {
            return new Stream(events, -1, () -> {});
        }

        /** An SSE stream cut (connection dropped) after the first {@code count} of {@code events}. */
        static Stream sseCutAfter(List<String> events, int count) {
            return new Stream(events, count, () -> {});
        }

        /** An SSE stream cut after the first {@code count} of {@code events}, once {@code beforeCut} returned. */
        static Stream sseCutAfter(List<String> events, int count, Runnable beforeCut) {
            return new Stream(events, count, beforeCut);
        }

        /** A reply computed per request. */
        static Computed from(Function<Recorded, Reply> reply) {
            return new Computed(reply);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Recorded> received = new CopyOnWriteArrayList<>();

    private ScriptedUpstream(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free loopback port. */
    public static ScriptedUpstream start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScriptedUpstream upstream = new ScriptedUpstream(server);
            server.createContext("/", upstream::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return upstream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL to configure as the upstream, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues replies, answered in order. */
    public ScriptedUpstream enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Forgets queued replies and recorded requests, between tests. */
    public void clear() {
        script.clear();
        received.clear();
    }

    /** Every request received so far, oldest first. */
    public List<Recorded> requests() {
        return List.copyOf(received);
    }

    /** The most recent request. */
    public Recorded lastRequest() {
        return received.get(received.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Recorded request = new Recorded(exchange.getRequestMethod(), path, headers, body);
        received.add(request);
        Reply reply = script.poll();
        if (reply == null) {
            reply = Reply.json(500, error("api_error", "ScriptedUpstream: no reply scripted for " + path));
        }
        while (reply instanceof Reply.Computed computed) {
            reply = Objects.requireNonNull(computed.reply().apply(request), "computed reply");
        }
        switch (reply) {
            case Reply.Full full -> {
                full.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(full.status(), full.body().length == 0 ? -1 : full.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(full.body());
                }
            }
            case Reply.Truncated truncated -> {
                truncated
                        .headers()
                        .forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(200, truncated.body().length + 1L);
                OutputStream out = exchange.getResponseBody();
                out.write(truncated.body());
                out.flush();
                throw new IOException("ScriptedUpstream: body cut one byte short on purpose");
            }
            case Reply.Stream stream -> {
                exchange.getResponseHeaders().add("content-type", "text/event-stream; charset=utf-8");
                exchange.getResponseHeaders().add("request-id", "req_scripted");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                int written = 0;
                for (String event : stream.events()) {
                    if (stream.cutAfter() >= 0 && written == stream.cutAfter()) {
                        stream.beforeCut().run();
                        // Drop the connection without the final chunk: the client sees a cut stream.
                        throw new IOException("ScriptedUpstream: stream cut on purpose");
                    }
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    written++;
                }
                out.close();
            }
            case Reply.Computed computed -> throw new IllegalStateException("unreachable");
        }
    }

    /** An Anthropic error body. */
    public static String error(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
                + "\"},\"request_id\":\"req_scripted\"}";
    }

    /** A non-streamed Messages answer with one text block. */
    public static String message(String model, String text, String stopReason, int inputTokens, int outputTokens) {
        return "{\"id\":\"msg_scripted\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model
                + "\",\"content\":[{\"type\":\"text\",\"text\":" + quote(text) + "}],\"stop_reason\":\""
                + stopReason + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens
                + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":"
                + outputTokens + "}}";
    }

    /** A non-streamed Messages answer that calls tool {@code name} with {@code inputJson}. */
    public static String toolUse(String model, String name, String inputJson, int inputTokens, int outputTokens) {
        return "{\"id\":\"msg_scripted\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model
                + "\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"" + name
                + "\",\"input\":" + inputJson + "}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":" + inputTokens + ",\"output_tokens\":" + outputTokens + "}}";
    }

    /**
     * The SSE events of a streamed text answer, pings included: {@code message_start} (input and cache usage),
     * content, {@code message_delta} (cumulative output tokens), {@code message_stop}.
     */
    public static List<String> textStream(
            String model, List<String> chunks, int inputTokens, int cacheRead, int outputTokens) {
        List<String> events = new ArrayList<>();
        events.add(event(
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_scripted\",\"type\":\"message\",\"role\":"
                        + "\"assistant\",\"model\":\"" + model + "\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens
                        + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":" + cacheRead
                        + ",\"output_tokens\":1}}}"));
        events.add(event("ping", "{\"type\": \"ping\"}"));
        events.add(event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (String chunk : chunks) {
            events.add(event(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                            + quote(chunk) + "}}"));
        }
        events.add(event("ping", "{\"type\": \"ping\"}"));
        events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        events.add(event(
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":" + outputTokens + "}}"));
        events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        return events;
    }

    /** The SSE events of a streamed tool call whose input arrives as {@code partialJson} fragments. */
    public static List<String> toolStream(String model, String name, List<String> partialJson, int outputTokens) {
        List<String> events = new ArrayList<>();
        events.add(event(
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_scripted\",\"type\":\"message\",\"role\":"
                        + "\"assistant\",\"model\":\"" + model + "\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":50,\"output_tokens\":1}}}"));
        events.add(event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":"
                        + "\"toolu_01\",\"name\":\"" + name + "\",\"input\":{}}}"));
        for (String part : partialJson) {
            events.add(event(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                            + "\"partial_json\":" + quote(part) + "}}"));
        }
        events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        events.add(event(
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                        + "\"usage\":{\"output_tokens\":" + outputTokens + "}}"));
        events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        return events;
    }

    /** One SSE event. */
    public static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
