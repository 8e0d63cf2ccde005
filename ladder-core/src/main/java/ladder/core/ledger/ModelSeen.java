package ladder.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A model, or a price version, seen in the ledger over a window.
 *
 * @param name the routed model id or the recorded price version
 * @param calls attempts, {@code >= 1}
 * @param sampleRequestId one request id
 * @param first earliest attempt
 * @param last latest attempt
 */
public record ModelSeen(String name, long calls, String sampleRequestId, Instant first, Instant last) {

    public ModelSeen {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sampleRequestId, "sampleRequestId");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be >= 1, was " + calls);
        }
    }
}
