package ladder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import ladder.core.StoreException;
import ladder.core.ledger.LedgerStore;
import org.junit.jupiter.api.Test;

class InMemoryLedgerStoreTest extends LedgerStoreContract {

    @Override
    protected LedgerStore createStore() {
        return new InMemoryLedgerStore();
    }

    @Test
    void append_whileFailing_throwsAndStoresNothing() {
        InMemoryLedgerStore memory = new InMemoryLedgerStore();
        memory.failNextAppends(1);

        assertThatThrownBy(() -> memory.append(List.of(CallRecords.sample(1).build())))
                .isInstanceOf(StoreException.class);
        memory.append(List.of(CallRecords.sample(2).build()));

        assertThat(memory.size()).isEqualTo(1);
    }
}
