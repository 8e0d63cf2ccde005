package ladder.testkit;

import java.time.Duration;
import java.time.InstantSource;
import ladder.core.access.BudgetLedger;
import ladder.core.access.InMemoryBudgetLedger;

class InMemoryBudgetLedgerTest extends BudgetLedgerContract {

    @Override
    protected BudgetLedger createLedger(InstantSource clock, Duration reservationTimeout) {
        return new InMemoryBudgetLedger(clock, reservationTimeout);
    }
}
