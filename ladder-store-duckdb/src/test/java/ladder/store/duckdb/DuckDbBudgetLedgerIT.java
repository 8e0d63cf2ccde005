package ladder.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import ladder.core.Money;
import ladder.core.access.BudgetDecision;
import ladder.core.access.BudgetLedger;
import ladder.core.access.Reservation;
import ladder.core.ledger.CallRecord;
import ladder.testkit.BudgetLedgerContract;
import ladder.testkit.CallRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbBudgetLedgerIT extends BudgetLedgerContract {

    @TempDir
    Path dir;

    private final List<DuckDbLedgerStore> stores = new ArrayList<>();

    @Override
    protected BudgetLedger createLedger(InstantSource clock, Duration reservationTimeout) {
        DuckDbLedgerStore store = DuckDbLedgerStore.open(dir.resolve("budget-" + stores.size() + ".duckdb"));
        stores.add(store);
        return DuckDbBudgetLedger.open(store, clock, reservationTimeout);
    }

    @AfterEach
    void closeStores() {
        stores.forEach(DuckDbLedgerStore::close);
    }

    @Test
    void reopen_afterRestart_keepsSpendAndInFlightReservations() {
        Path file = dir.resolve("restart.duckdb");
        Reservation open;
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(file)) {
            DuckDbBudgetLedger first = DuckDbBudgetLedger.open(store, clock, TIMEOUT);
            Reservation settled = reserved(first.reserve(List.of(TEAM), Money.ofUsd(2)));
            first.settle(settled, Money.ofUsd(1));
            open = reserved(first.reserve(List.of(TEAM), Money.ofUsd(3)));
        }

        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(file)) {
            DuckDbBudgetLedger again = DuckDbBudgetLedger.open(store, clock, TIMEOUT);
            assertThat(again.spent(TEAM.key())).isEqualTo(Money.ofUsd(1));
            assertThat(again.reserved(TEAM.key())).isEqualTo(Money.ofUsd(3));
            assertThat(reserved(again.reserve(List.of(TEAM), Money.ofNanos(1))).id())
                    .isGreaterThan(open.id());
            again.settle(open, Money.ofUsd(3));
            assertThat(again.spent(TEAM.key())).isEqualTo(Money.ofUsd(4));
        }
    }

    @Test
    void budgetLedgerAndCallLedger_shareOneFile_bothWork() {
        Path file = dir.resolve("shared.duckdb");
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(file)) {
            DuckDbBudgetLedger budgets = DuckDbBudgetLedger.open(store, clock, TIMEOUT);
            CallRecord record = CallRecords.everyFieldSet();

            store.append(List.of(record));
            assertThat(budgets.reserve(List.of(TEAM), Money.ofUsd(1))).isInstanceOf(BudgetDecision.Reserved.class);

            assertThat(store.recordsOfTask(record.taskId())).containsExactly(record);
            budgets.close();
            assertThat(store.recordsOfTask(record.taskId())).containsExactly(record);
        }
    }
}
