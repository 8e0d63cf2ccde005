package ladder.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import ladder.core.ledger.CallRecord;
import ladder.store.duckdb.DuckDbLedgerStore;
import ladder.testkit.CallRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerRollupsIT {

    @TempDir
    Path dir;

    @Test
    void start_duckDbLedgerWithClosedHours_rollsThemUpInTheBackground() throws InterruptedException {
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(dir.resolve("ledger.duckdb"))) {
            List<CallRecord> records = new ArrayList<>();
            for (int hour = 0; hour < 4; hour++) {
                records.add(CallRecords.sample(hour * 3_600).build());
            }
            store.append(records);
            assertThat(store.rolledUpTo()).isEqualTo(Instant.EPOCH);

            try (LedgerRollups rollups = LedgerRollups.start(store)) {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
                while (store.rolledUpTo().equals(Instant.EPOCH) && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
            }

            // The latest call is in hour 3: hours 0 and 1 are closed and an hour behind it.
            assertThat(store.rolledUpTo()).isEqualTo(CallRecords.EPOCH.plus(Duration.ofHours(2)));
        }
    }
}
