package ladder.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
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
    void open_withThreads_runsQueriesOnThatManyThreads() {
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(dir.resolve("threads.duckdb"), 3)) {
            long[] threads = new long[1];
            store.generate(c -> {
                try (java.sql.Statement s = c.createStatement();
                        java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('threads')")) {
                    rs.next();
                    threads[0] = rs.getLong(1);
                }
            });
            assertThat(threads[0]).isEqualTo(3);
        }
    }

    @Test
    void open_negativeThreads_rejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DuckDbLedgerStore.open(dir.resolve("bad.duckdb"), -1))
                .hasMessageContaining("threads must be >= 0");
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

    @Test
    void append_typicalRecords_fileGrowsUnder300BytesPerRow() throws Exception {
        Path file = dir.resolve("size.duckdb");
        int rows = 20_000;
        try (DuckDbLedgerStore sized = DuckDbLedgerStore.open(file)) {
            for (int base = 0; base < rows; base += 5_000) {
                sized.append(IntStream.range(base, base + 5_000)
                        .mapToObj(i -> CallRecords.sample(i)
                                .requestId("req_01JZ" + String.format("%020d", i))
                                .taskId(TaskId.of("3f2b8c1e-6a4d-4e0f-9b7a-" + String.format("%012d", i / 7)))
                                .prefixFingerprints(List.of(i * 31L, 2L, 3L, 4L))
                                .build())
                        .toList());
            }
        }

        // Closing checkpoints the write-ahead log into the file; the size includes DuckDB's fixed overhead.
        assertThat(Files.size(file) / rows).isLessThanOrEqualTo(300);
    }
}
