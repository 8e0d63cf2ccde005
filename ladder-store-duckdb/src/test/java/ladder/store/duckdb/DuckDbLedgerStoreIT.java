package ladder.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import ladder.core.TaskId;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerStore;
import ladder.testkit.CallRecords;
import ladder.testkit.LedgerStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbLedgerStoreIT extends LedgerStoreContract {

    @TempDir
    Path dir;

    private int files;

    @Override
    protected LedgerStore createStore() {
        return DuckDbLedgerStore.open(dir.resolve("ledger-" + files++ + ".duckdb"));
    }

    @Test
    void open_existingFile_keepsRecordsAndDoesNotRemigrate() {
        Path file = dir.resolve("nested/dir/reopen.duckdb");
        CallRecord record = CallRecords.everyFieldSet();
        try (DuckDbLedgerStore first = DuckDbLedgerStore.open(file)) {
            first.append(List.of(record));
        }

        try (DuckDbLedgerStore again = DuckDbLedgerStore.open(file)) {
            assertThat(again.recordsOfTask(record.taskId())).containsExactly(record);
            assertThat(again.recordsOfTask(TaskId.of("x"))).isEmpty();
        }
    }
}
