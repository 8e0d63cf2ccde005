package ladder.core.ledger;

import java.util.List;

/**
 * Where call records go once an attempt is over: a store, a message bus, or both. Implementations are called from
 * {@link AsyncLedgerWriter}'s single writer thread, never from the request path.
 */
public interface LedgerSink {

    /**
     * Appends {@code records}, in the given order, as one unit: when this returns, all of them are durable (for a
     * store: committed; for a bus: acknowledged); when it throws, the caller must assume none are and may append the
     * same batch again. An empty list is a no-op.
     *
     * @param records the records, in the order they were produced; never null, no null elements
     * @throws ladder.core.StoreException when the destination is unreachable or refuses the batch; the cause is the
     *     driver's exception
     */
    void append(List<CallRecord> records);
}
