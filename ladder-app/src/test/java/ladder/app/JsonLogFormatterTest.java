package ladder.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

    @Test
    void format_writesOneJsonObjectPerLine_withParametersApplied() throws Exception {
        LogRecord record = new LogRecord(Level.WARNING, "ledger record not stored: {0}; request_id={1}");
        record.setParameters(new Object[] {"queue full", "req_1\"x"});
        record.setLoggerName("ladder.ledger");
        record.setInstant(Instant.parse("2026-11-25T10:00:00Z"));

        String line = new JsonLogFormatter().format(record);

        assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n{");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("ts").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(json.path("level").asText()).isEqualTo("WARNING");
        assertThat(json.path("logger").asText()).isEqualTo("ladder.ledger");
        assertThat(json.path("msg").asText()).isEqualTo("ledger record not stored: queue full; request_id=req_1\"x");
    }
}
