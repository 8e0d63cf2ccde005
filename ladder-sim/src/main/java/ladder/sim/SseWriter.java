package ladder.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes server-sent events as the Messages API does ({@code event:} and {@code data:} lines), flushing each. */
final class SseWriter {

    private final OutputStream out;
    private final ObjectMapper json;

    SseWriter(OutputStream out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    /** Writes one event whose data is {@code data}; its {@code type} should equal {@code name}. */
    void event(String name, JsonNode data) {
        try {
            byte[] body = json.writeValueAsBytes(data);
            out.write(("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.write("\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("client went away mid-stream", e);
        }
    }
}
