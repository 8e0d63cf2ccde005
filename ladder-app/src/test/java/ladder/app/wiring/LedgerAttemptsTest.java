package ladder.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import ladder.app.policy.LoadedPolicy;
import ladder.core.Money;
import ladder.core.Sleeper;
import ladder.core.StoreException;
import ladder.core.TaskId;
import ladder.core.access.InMemoryBudgetLedger;
import ladder.core.cost.CostCalculator;
import ladder.core.ledger.AsyncLedgerWriter;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.LedgerWriterConfig;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.route.CatalogModelLadder;
import ladder.core.route.RoutingPolicy;
import ladder.testkit.CallRecords;
import ladder.testkit.FakeClock;
import ladder.testkit.InMemoryLedgerStore;
import org.junit.jupiter.api.Test;

/** The running task totals a starting gateway resumes from the ledger. */
class LedgerAttemptsTest {

    private static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");

    private final InMemoryLedgerStore stored = new InMemoryLedgerStore();

    @Test
    void resumeTaskTotals_taskActiveInTheLastDay_carriesOnItsWholeStoredCost() {
        stored.append(List.of(
                attempt("recent", NOW.minus(Duration.ofDays(3)), 34),
                attempt("recent", NOW.minus(Duration.ofHours(1)), 1_200),
                attempt("stale", NOW.minus(Duration.ofDays(2)), 500)));

        try (Running running = new Running(stored)) {
            running.attempts.resumeTaskTotals(NOW);

            assertThat(running.attempts.costOf(TaskId.of("recent"))).isEqualTo(Money.ofNanos(1_234));
            assertThat(running.attempts.costOf(TaskId.of("stale"))).isEqualTo(Money.ZERO);
        }
    }

    @Test
    void resumeTaskTotals_unreadableLedger_startsFromZeroWithoutFailing() {
        stored.append(List.of(attempt("recent", NOW.minus(Duration.ofHours(1)), 1_200)));
        LedgerStore unreadable = (LedgerStore) Proxy.newProxyInstance(
                LedgerStore.class.getClassLoader(), new Class<?>[] {LedgerStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("costsOfTasksActiveSince")) {
                        throw new StoreException("the ledger is unreachable");
                    }
                    try {
                        return method.invoke(stored, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        try (Running running = new Running(unreadable)) {
            assertThatCode(() -> running.attempts.resumeTaskTotals(NOW)).doesNotThrowAnyException();
            assertThat(running.attempts.costOf(TaskId.of("recent"))).isEqualTo(Money.ZERO);
        }
    }

    private static CallRecord attempt(String task, Instant at, long nanos) {
        return CallRecords.sample(0)
                .requestId("req-" + task + "-" + at.getEpochSecond())
                .taskId(TaskId.of(task))
                .time(at)
                .cost(CallCost.priced(Money.ofNanos(nanos), "v1"))
                .build();
    }

    /** LedgerAttempts over {@code store}, with the writer and analyzer threads it starts stopped at the end. */
    private static final class Running implements AutoCloseable {
        final AsyncLedgerWriter writer;
        final LedgerAttempts attempts;

        Running(LedgerStore store) {
            writer = AsyncLedgerWriter.start(store, LedgerWriterConfig.defaults(), Sleeper.system());
            InMemoryBudgetLedger budgets = new InMemoryBudgetLedger();
            CatalogModelLadder ladder = CatalogModelLadder.of(DefaultPriceCatalog.get());
            PolicyRouter router = new PolicyRouter(
                    RoutingPolicy.of(LoadedPolicy.defaults().config(), ladder, budgets),
                    ladder,
                    budgets,
                    FakeClock.at(NOW.toString()));
            attempts = new LedgerAttempts(
                    writer,
                    store,
                    new CatalogPricer(new CostCalculator(DefaultPriceCatalog.get())),
                    router,
                    new LadderMetrics(writer::stats, () -> 0L),
                    GenAiSpans.of(TelemetryConfig.off()));
        }

        @Override
        public void close() {
            attempts.close();
            writer.close();
        }
    }
}
