package ladder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import ladder.gateway.Probes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What does the gateway's request-side work cost on a large agent request, relative to merely parsing it? One
 * Claude-Code-like body of about 49 kB (16 tools with input schemas, two cached system blocks, a 24-turn conversation
 * with tool calls and results, {@code metadata.user_id}); {@code requestPath} parses it in one streaming pass, rewrites
 * {@code model}, fingerprints the cacheable prefix and hashes the body. The baseline {@code jacksonReadTree} is a plain
 * Jackson tree parse of the same bytes, measured in the same run: report {@code requestPath / jacksonReadTree} (below 1
 * means the gateway does all its work in less time than a tree parse alone).
 *
 * <p>Run: {@code ./mvnw -q -pl ladder-bench -am package -DskipTests && java -jar ladder-bench/target/benchmarks.jar
 * RequestFactsBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestFactsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] body = claudeCodeLikeBody();

    @Benchmark
    public long requestPath() {
        return Probes.requestPath(body, "claude-haiku-4-5");
    }

    @Benchmark
    public JsonNode jacksonReadTree() throws IOException {
        return JSON.readTree(body);
    }

    /** About 49 kB, shaped like a Claude Code request. */
    static byte[] claudeCodeLikeBody() {
        StringBuilder b = new StringBuilder(52_000);
        b.append("{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":32000,\"stream\":true,");
        b.append("\"metadata\":{\"user_id\":\"{\\\"device_id\\\":\\\"d0\\\",\\\"session_id\\\":")
                .append("\\\"3f0c6a52-9d1e-4c1b-8d8a-0f2b6c1e9a11\\\"}\"},");
        b.append("\"tools\":[");
        for (int t = 0; t < 16; t++) {
            if (t > 0) {
                b.append(',');
            }
            b.append("{\"name\":\"Tool").append(t).append("\",\"description\":\"");
            b.append("Performs operation number ").append(t).append(" on the workspace. ".repeat(50));
            b.append("\",\"input_schema\":{\"type\":\"object\",\"properties\":{");
            for (int p = 0; p < 6; p++) {
                if (p > 0) {
                    b.append(',');
                }
                b.append("\"param")
                        .append(p)
                        .append("\":{\"type\":\"string\",\"description\":\"")
                        .append("The value of parameter ")
                        .append(p)
                        .append(" for this tool.\"}");
            }
            b.append("},\"required\":[\"param0\"],\"additionalProperties\":false}");
            if (t == 15) {
                b.append(",\"cache_control\":{\"type\":\"ephemeral\"}");
            }
            b.append('}');
        }
        b.append("],\"system\":[{\"type\":\"text\",\"text\":\"You are an interactive CLI agent. ")
                .append("Follow the instructions carefully. ".repeat(60))
                .append("\"},{\"type\":\"text\",\"text\":\"")
                .append("Project notes: the build uses Maven; tests are JUnit 5. ".repeat(40))
                .append("\",\"cache_control\":{\"type\":\"ephemeral\"}}],");
        b.append("\"messages\":[");
        for (int turn = 0; turn < 24; turn++) {
            if (turn > 0) {
                b.append(',');
            }
            if (turn % 2 == 0) {
                b.append("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_")
                        .append(turn)
                        .append("\",\"content\":\"")
                        .append("line of tool output with some code in it; ".repeat(26))
                        .append("\"}");
                if (turn == 22) {
                    b.append(",{\"type\":\"text\",\"text\":\"continue\",\"cache_control\":{\"type\":\"ephemeral\"}}");
                }
                b.append("]}");
            } else {
                b.append("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"")
                        .append("Let me look at that file. ".repeat(6))
                        .append("\"},{\"type\":\"tool_use\",\"id\":\"toolu_")
                        .append(turn + 1)
                        .append("\",\"name\":\"Tool3\",\"input\":{\"param0\":\"src/main/java/Example.java\"}}]}");
            }
        }
        b.append("]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
