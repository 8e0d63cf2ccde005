package ladder.core.ledger;

import java.util.Objects;

/** What {@link AsyncLedgerWriter#submit} did with a record. */
public sealed interface Submission {

    /** The record is queued and will be written (or reported as unstored on close). */
    enum Accepted implements Submission {
        INSTANCE
    }

    /**
     * The record was not queued; the caller must report it (log it with the request id, count it).
     *
     * @param reason why, in one line, e.g. {@code ledger queue full (100000 records) after waiting 200ms}
     */
    record Rejected(String reason) implements Submission {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
