package ladder.core.ledger;

import java.util.List;
import java.util.Objects;

/**
 * One page of a time-range read.
 *
 * @param records the records of this page in {@link LedgerCursor.RecordKey} order (copied)
 * @param next the cursor of the following page; meaningful only when {@code hasMore}
 * @param hasMore whether more records of the window may follow
 */
public record LedgerPage(List<CallRecord> records, LedgerCursor next, boolean hasMore) {

    public LedgerPage {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        Objects.requireNonNull(next, "next");
    }

    /**
     * A page of {@code records} read with {@code limit}: when it is full, more may follow after its last record.
     *
     * @param records the records read, in key order
     * @param limit the page size that was asked for, {@code >= 1}
     */
    public static LedgerPage of(List<CallRecord> records, int limit) {
        if (records.size() < limit || records.isEmpty()) {
            return new LedgerPage(records, LedgerCursor.start(), false);
        }
        CallRecord last = records.get(records.size() - 1);
        return new LedgerPage(records, LedgerCursor.after(LedgerCursor.RecordKey.of(last)), true);
    }
}
