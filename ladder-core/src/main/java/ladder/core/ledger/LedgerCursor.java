package ladder.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a paged read of the ledger resumes. Records are ordered by {@link RecordKey}: time, then request id, then
 * attempt index; a page after {@code After(k)} holds only records whose key sorts after {@code k}.
 */
public sealed interface LedgerCursor {

    /** The first page. */
    static LedgerCursor start() {
        return Start.INSTANCE;
    }

    /** The page after the record with {@code key}. */
    static LedgerCursor after(RecordKey key) {
        return new After(key);
    }

    /** Read from the first record of the window. */
    enum Start implements LedgerCursor {
        INSTANCE
    }

    /**
     * Read the records after {@code key}.
     *
     * @param key the key of the last record already read
     */
    record After(RecordKey key) implements LedgerCursor {
        public After {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * The total order of ledger records: time, then request id (by UTF-16 code unit, as {@link String#compareTo}
     * and SQL {@code COLLATE "C"} order ASCII ids), then attempt index.
     *
     * @param time the record's time
     * @param requestId the record's request id
     * @param attemptIndex the record's attempt index
     */
    record RecordKey(Instant time, String requestId, int attemptIndex) implements Comparable<RecordKey> {
        public RecordKey {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(requestId, "requestId");
        }

        /** The key of {@code record}. */
        public static RecordKey of(CallRecord record) {
            return new RecordKey(
                    record.time(), record.requestId(), record.attempt().index());
        }

        @Override
        public int compareTo(RecordKey other) {
            int byTime = time.compareTo(other.time);
            if (byTime != 0) {
                return byTime;
            }
            int byRequest = requestId.compareTo(other.requestId);
            return byRequest != 0 ? byRequest : Integer.compare(attemptIndex, other.attemptIndex);
        }
    }
}
