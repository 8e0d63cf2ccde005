package ladder.store.postgres;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ladder.core.Money;
import ladder.core.access.Budget;
import ladder.core.access.BudgetDecision;
import ladder.core.access.BudgetKey;
import ladder.core.access.BudgetScope;

/**
 * A child JVM for {@link PostgresBudgetCrossProcessIT}: one gateway's worth of budget traffic on a shared database.
 *
 * <p>Arguments: {@code URL OWNER LIMIT_NANOS THREADS CALLS TIMEOUT_MILLIS HOLD_MILLIS SEED}. Opens the store and a
 * budget ledger (system clock, the given reservation timeout), prints {@code ready}, waits for a line on stdin, then
 * runs {@code THREADS} threads that each make {@code CALLS} calls against the team-month budget of {@code OWNER}:
 * reserve 1 to 5 million nanos, hold it {@code HOLD_MILLIS} (the upstream call), settle at the reserved amount.
 * Prints {@code R <id> <nanos>} after a reservation, {@code S <id> <nanos>} after its settle, {@code X} after a
 * refusal, and {@code done} at the end.
 */
final class BudgetLedgerChild {

    static final long UNIT_NANOS = 1_000_000;
    static final String PERIOD = "2026-11";

    private BudgetLedgerChild() {}

    static Budget budget(String owner, long limitNanos) {
        return new Budget(
                new BudgetKey(BudgetScope.TEAM_MONTH, owner, PERIOD),
                Money.ofNanos(limitNanos),
                Instant.parse("2026-12-01T00:00:00Z"));
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Budget budget = budget(args[1], Long.parseLong(args[2]));
        int threads = Integer.parseInt(args[3]);
        int calls = Integer.parseInt(args[4]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[5]));
        long holdMillis = Long.parseLong(args[6]);
        long seed = Long.parseLong(args[7]);
        try (PostgresLedgerStore store = PostgresLedgerStore.open(args[0])) {
            PostgresBudgetLedger ledger = PostgresBudgetLedger.open(store, InstantSource.system(), timeout);
            out.println("ready");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(seed * 1_000 + t);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        Money amount = Money.ofNanos(random.nextLong(1, 6) * UNIT_NANOS);
                        switch (ledger.reserve(List.of(budget), amount)) {
                            case BudgetDecision.Reserved r -> {
                                out.println("R " + r.reservation().id() + " " + amount.nanos());
                                Thread.sleep(holdMillis); // the upstream call this reservation pays for
                                ledger.settle(r.reservation(), amount);
                                out.println("S " + r.reservation().id() + " " + amount.nanos());
                            }
                            case BudgetDecision.Exhausted e -> out.println("X");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            out.println("done");
        }
    }
}
