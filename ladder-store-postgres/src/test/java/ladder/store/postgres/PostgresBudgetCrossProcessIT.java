package ladder.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import ladder.core.Money;
import ladder.core.access.Budget;
import ladder.core.access.BudgetDecision;
import ladder.testkit.FakeClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two gateway JVMs share one PostgreSQL database and one small budget: they never overspend it together, and a JVM
 * killed mid-call leaks nothing once its reservations time out.
 */
@Timeout(120)
class PostgresBudgetCrossProcessIT {

    private static final int THREADS = 12;
    private static final long UNIT = BudgetLedgerChild.UNIT_NANOS;

    @BeforeEach
    void cleanBudgets() {
        assumeTrue(!PostgresBudgetLedgerIT.URL.isBlank(), PostgresBudgetLedgerIT.SKIP_REASON);
        // Opening migrates the schema before the children race to.
        PostgresLedgerStore.open(PostgresBudgetLedgerIT.URL).close();
        PostgresBudgetLedgerIT.truncateBudgets();
    }

    @Test
    void twoProcesses_concurrentReservations_neverSpendMoreThanTheBudget() throws Exception {
        // Each process alone asks 12 x 10 x 3 = 360 units and both 720: neither can take the whole budget before the
        // other starts (a slow start would otherwise leave one with nothing), and together they run it out.
        long limit = 400 * UNIT;
        Budget budget = BudgetLedgerChild.budget("two-gateways", limit);
        List<Child> children = List.of(
                Child.start("two-gateways", limit, 10, Duration.ofMinutes(5), 3, 1),
                Child.start("two-gateways", limit, 10, Duration.ofMinutes(5), 3, 2));
        children.forEach(Child::awaitReady);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong samples = new AtomicLong();
        AtomicLong maxUsed = new AtomicLong();
        CompletableFuture<Void> monitor = CompletableFuture.runAsync(() -> {
            // Spend plus unexpired holds, read in one statement (one snapshot), must never pass the limit.
            while (running.get()) {
                maxUsed.accumulateAndGet(usedNanos(budget, Instant.now()), Math::max);
                samples.incrementAndGet();
            }
        });
        children.forEach(Child::go);
        List<Lines> outputs = new ArrayList<>();
        for (Child child : children) {
            outputs.add(child.readToEnd());
            assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process.exitValue()).isZero();
        }
        running.set(false);
        monitor.get(10, TimeUnit.SECONDS);

        try (PostgresLedgerStore store = PostgresLedgerStore.open(PostgresBudgetLedgerIT.URL)) {
            PostgresBudgetLedger ledger = PostgresBudgetLedger.open(store);
            long settled = outputs.stream().mapToLong(Lines::settledNanos).sum();
            assertThat(ledger.spent(budget.key()).nanos())
                    .as("every settle counted exactly once, across both processes")
                    .isEqualTo(settled)
                    .isLessThanOrEqualTo(limit);
            assertThat(ledger.reserved(budget.key())).isEqualTo(Money.ZERO);
        }
        assertThat(outputs).allSatisfy(o -> assertThat(o.reserved).isPositive());
        assertThat(outputs.stream().mapToLong(o -> o.refused).sum())
                .as("the budget ran out")
                .isPositive();
        assertThat(samples.get()).isPositive();
        assertThat(maxUsed.get()).isLessThanOrEqualTo(limit);
        assertThat(outputs.stream().mapToLong(o -> o.lines).sum()).isGreaterThanOrEqualTo(2 * THREADS * 10);
    }

    @Test
    void processKilledMidCall_leaksNothingOnceItsReservationsTimeOut() throws Exception {
        long limit = 1_000_000 * UNIT; // never the constraint here: every call holds a reservation
        Duration timeout = Duration.ofSeconds(2);
        Budget budget = BudgetLedgerChild.budget("killed-gateway", limit);
        Child child = Child.start("killed-gateway", limit, 1_000, timeout, 50, 3);
        child.awaitReady();
        Lines lines = new Lines();
        CountDownLatch twentySettled = new CountDownLatch(20);
        // Killing the child closes its pipe, so its output is read on the side while it runs.
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> child.readUntilClosed(line -> {
            lines.add(line);
            if (line.startsWith("S ")) {
                twentySettled.countDown();
            }
        }));
        child.go();
        assertThat(twentySettled.await(60, TimeUnit.SECONDS)).isTrue();
        Instant killedAt = Instant.now();
        child.process.destroyForcibly();
        assertThat(child.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        reader.get(20, TimeUnit.SECONDS);

        FakeClock clock = FakeClock.at(killedAt);
        try (PostgresLedgerStore store = PostgresLedgerStore.open(PostgresBudgetLedgerIT.URL)) {
            PostgresBudgetLedger ledger = PostgresBudgetLedger.open(store, clock, timeout);
            long spent = ledger.spent(budget.key()).nanos();
            long leaked = ledger.reserved(budget.key()).nanos();
            // Settles committed but not yet printed (or not yet read) when it died count too: the database decides.
            assertThat(spent)
                    .isEqualTo(
                            queryLong("SELECT coalesce(sum(actual_nanos), 0)::BIGINT FROM ladder_budget_reservations "
                                    + "WHERE settled_at IS NOT NULL"))
                    .isGreaterThanOrEqualTo(lines.settledNanos());
            assertThat(leaked).as("calls in flight when it was killed").isBetween(1L, THREADS * 5 * UNIT);

            clock.advance(timeout.plusSeconds(1));

            assertThat(ledger.reserved(budget.key())).isEqualTo(Money.ZERO);
            Money rest = Money.ofNanos(limit - spent);
            assertThat(ledger.reserve(List.of(budget), rest.plus(Money.ofNanos(1))))
                    .isInstanceOf(BudgetDecision.Exhausted.class);
            assertThat(ledger.reserve(List.of(budget), rest)).isInstanceOf(BudgetDecision.Reserved.class);
        }
    }

    private static long queryLong(String sql) {
        try (Connection c = DriverManager.getConnection(PostgresBudgetLedgerIT.URL);
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static long usedNanos(Budget budget, Instant now) {
        String sql = "SELECT coalesce((SELECT spent_nanos FROM ladder_budget_accounts "
                + "WHERE scope = ? AND owner = ? AND period = ?), 0) + coalesce((SELECT sum(amount_nanos) "
                + "FROM ladder_budget_holds WHERE scope = ? AND owner = ? AND period = ? AND expires_at > ?), 0)";
        try (Connection c = DriverManager.getConnection(PostgresBudgetLedgerIT.URL);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < 2; i++) {
                ps.setString(1 + 3 * i, budget.key().scope().id());
                ps.setString(2 + 3 * i, budget.key().owner());
                ps.setString(3 + 3 * i, budget.key().period());
            }
            ps.setObject(7, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** What a child printed. */
    private static final class Lines {
        long lines;
        long reserved;
        long settledNanos;
        long refused;

        synchronized void add(String line) {
            lines++;
            String[] parts = line.split(" ");
            switch (parts[0]) {
                case "R" -> reserved++;
                case "S" -> settledNanos += Long.parseLong(parts[2]);
                case "X" -> refused++;
                default -> lines--; // "done"
            }
        }

        synchronized long settledNanos() {
            return settledNanos;
        }
    }

    /** A {@link BudgetLedgerChild} JVM. */
    private record Child(Process process, BufferedReader out, OutputStream in) {

        static Child start(String owner, long limitNanos, int calls, Duration timeout, long holdMillis, long seed)
                throws IOException {
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    BudgetLedgerChild.class.getName(),
                    PostgresBudgetLedgerIT.URL,
                    owner,
                    Long.toString(limitNanos),
                    Integer.toString(THREADS),
                    Integer.toString(calls),
                    Long.toString(timeout.toMillis()),
                    Long.toString(holdMillis),
                    Long.toString(seed));
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new Child(
                    process,
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                    process.getOutputStream());
        }

        void awaitReady() {
            try {
                assertThat(out.readLine()).isEqualTo("ready");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void go() {
            try {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Hands every line to {@code sink} until the child's output ends or is closed by killing it. */
        void readUntilClosed(Consumer<String> sink) {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException closedByKill) {
                // Process.destroyForcibly closes the pipe; whatever was still in it is lost, and the test allows that
            }
        }

        Lines readToEnd() throws IOException {
            Lines lines = new Lines();
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            return lines;
        }
    }
}
