package ladder.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamFailureTest {

    private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "529, OVERLOADED, true",
        "429, RATE_LIMITED, true",
        "500, SERVER_ERROR, true",
        "502, SERVER_ERROR, true",
        "503, SERVER_ERROR, true",
        "408, SERVER_ERROR, true",
        "409, SERVER_ERROR, true",
        "400, CLIENT_ERROR, false",
        "401, CLIENT_ERROR, false",
        "413, CLIENT_ERROR, false"
    })
    void fromHttp_status_classified(int status, FailureClass kind, boolean retryable) {
        UpstreamFailure failure = UpstreamFailure.ofStatus(status);
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.isRetryable()).isEqualTo(retryable);
    }

    @ParameterizedTest
    @CsvSource({"x-should-retry, false, 503, CLIENT_ERROR", "x-should-retry, true, 400, SERVER_ERROR"})
    void fromHttp_shouldRetryHeader_wins(String header, String value, int status, FailureClass kind) {
        assertThat(UpstreamFailure.fromHttp(status, Map.of(header, value), NOW).kind())
                .isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "retry-after-ms | 1500 | 1500",
                "retry-after-ms | 12.2 | 13",
                "retry-after | 7 | 7000",
                "retry-after | 0.5 | 500",
                "retry-after | Sun, 15 Nov 2026 12:00:30 GMT | 30000",
                "retry-after | Sun, 15 Nov 2026 11:00:00 GMT | 0",
                "retry-after | soon | 0",
                "retry-after-ms | -5 | 0"
            })
    void fromHttp_retryAfterHeaders_parsed(String header, String value, long millis) {
        assertThat(UpstreamFailure.fromHttp(429, Map.of(header, value), NOW).retryAfter())
                .isEqualTo(Duration.ofMillis(millis));
    }

    @org.junit.jupiter.api.Test
    void fromHttp_retryAfterMs_preferredOverSeconds() {
        assertThat(UpstreamFailure.fromHttp(429, Map.of("retry-after-ms", "250", "retry-after", "9"), NOW)
                        .retryAfter())
                .isEqualTo(Duration.ofMillis(250));
    }
}
