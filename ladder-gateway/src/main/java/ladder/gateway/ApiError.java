package ladder.gateway;

import java.util.Map;
import java.util.Objects;

/**
 * An error the gateway itself answers with: HTTP status, Anthropic {@code error.type}, one-line message, and extra
 * response headers (for example {@code x-should-retry}).
 */
record ApiError(int status, String type, String message, Map<String, String> headers) {

    ApiError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        headers = Map.copyOf(headers);
    }

    static ApiError of(int status, String type, String message) {
        return new ApiError(status, type, message, Map.of());
    }

    ApiError withHeader(String name, String value) {
        var copy = new java.util.HashMap<>(headers);
        copy.put(name, value);
        return new ApiError(status, type, message, copy);
    }
}
