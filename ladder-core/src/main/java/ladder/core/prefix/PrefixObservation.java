package ladder.core.prefix;

import java.util.List;
import java.util.Objects;
import ladder.core.ledger.PrefixBreak;

/**
 * What {@link PrefixTracker#observe} saw in one request.
 *
 * @param fingerprints 64-bit hash of each cacheable block in prompt order (tools, system, messages[0..k]); goes to
 *     {@link ladder.core.ledger.CallRecord#prefixFingerprints()}
 * @param breaks the first block that changed against the same task's previous call, if any (0 or 1 element); goes
 *     to {@link ladder.core.ledger.CallRecord#prefixBreaks()}
 */
public record PrefixObservation(List<Long> fingerprints, List<PrefixBreak> breaks) {

    /** Nothing cacheable, nothing changed (also the answer for a body that is not a JSON object). */
    public static final PrefixObservation NONE = new PrefixObservation(List.of(), List.of());

    public PrefixObservation {
        fingerprints = List.copyOf(Objects.requireNonNull(fingerprints, "fingerprints"));
        breaks = List.copyOf(Objects.requireNonNull(breaks, "breaks"));
    }
}
