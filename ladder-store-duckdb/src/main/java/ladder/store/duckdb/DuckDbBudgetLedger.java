package ladder.store.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import ladder.core.Money;
import ladder.core.StoreException;
import ladder.core.access.Budget;
import ladder.core.access.BudgetDecision;
import ladder.core.access.BudgetKey;
import ladder.core.access.BudgetLedger;
import ladder.core.access.Reservation;
import ladder.store.jdbc.BudgetSql;

/**
 * The {@link BudgetLedger} kept in the ledger's DuckDB file, so budgets survive a restart. It uses its own
 * connection to the database a {@link DuckDbLedgerStore} has open (DuckDB lets one process open a file), and
 * serialises reservations in this process; a reservation or settlement is one transaction.
 *
 * <p>Each reservation times out {@code reservationTimeout} after it was made (as read from the injected clock): from
 * then on it no longer counts as in flight, so a call killed mid-way cannot hold budget forever. Expired holds are
 * left out by every later read; a late settle still records the actual cost, once.
 */
public final class DuckDbBudgetLedger implements BudgetLedger, AutoCloseable {

    private final DuckDbLedgerStore store;
    private final Connection connection;
    private final InstantSource clock;
    private final Duration timeout;

    private DuckDbBudgetLedger(DuckDbLedgerStore store, Connection connection, InstantSource clock, Duration timeout) {
        this.store = store;
        this.connection = connection;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * A budget ledger in {@code store}'s database, reading the system clock, with reservations that time out after
     * {@link BudgetLedger#DEFAULT_RESERVATION_TIMEOUT}. Closing the store closes it too.
     */
    public static DuckDbBudgetLedger open(DuckDbLedgerStore store) {
        return open(store, InstantSource.system(), DEFAULT_RESERVATION_TIMEOUT);
    }

    /**
     * A budget ledger in {@code store}'s database, reading {@code clock}, whose reservations stop counting {@code
     * reservationTimeout} after they were made. Closing the store closes it too.
     *
     * @param reservationTimeout the longest a call may take; positive
     * @throws StoreException when the store is closed or no connection can be made
     */
    public static DuckDbBudgetLedger open(DuckDbLedgerStore store, InstantSource clock, Duration reservationTimeout) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        BudgetSql.checkTimeout(reservationTimeout);
        try {
            return new DuckDbBudgetLedger(store, store.share(), clock, reservationTimeout);
        } catch (SQLException e) {
            throw new StoreException("cannot open the budget ledger in " + store.file() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public BudgetDecision reserve(List<Budget> budgets, Money amount) {
        BudgetSql.checkReserve(budgets, amount);
        if (budgets.isEmpty()) {
            return new BudgetDecision.Reserved(Reservation.NONE);
        }
        Instant now = clock.instant();
        synchronized (store.budgetLock) {
            return inTransaction(
                    "reserve " + amount + " against " + budgets.get(0).key(), c -> {
                        for (Budget budget : budgets) {
                            long spent = BudgetSql.spentNanos(c, budget.key());
                            long reserved = BudgetSql.reservedNanos(c, budget.key(), utc(now));
                            // headroom = limit - spent - reserved; compared without adding, so UNLIMITED cannot
                            // overflow
                            if (amount.nanos() > budget.limit().nanos() - spent - reserved) {
                                return new BudgetDecision.Exhausted(
                                        budget, Money.ofNanos(spent), Money.ofNanos(reserved), amount);
                            }
                        }
                        for (BudgetKey key :
                                budgets.stream().map(Budget::key).distinct().toList()) {
                            try (PreparedStatement ps = c.prepareStatement(
                                    "INSERT INTO ladder_budget_accounts (scope, owner, period) VALUES (?, ?, ?) "
                                            + "ON CONFLICT DO NOTHING")) {
                                BudgetSql.bindKey(ps, 1, key);
                                ps.executeUpdate();
                            }
                        }
                        long id;
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_budget_reservations "
                                + "(id, amount_nanos, created_at, expires_at) "
                                + "VALUES (nextval('ladder_budget_reservation_ids'), ?, ?, ?) RETURNING id")) {
                            ps.setLong(1, amount.nanos());
                            ps.setObject(2, utc(now));
                            ps.setObject(3, utc(now.plus(timeout)));
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                id = rs.getLong(1);
                            }
                        }
                        List<BudgetKey> keys = new ArrayList<>(budgets.size());
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_budget_holds "
                                + "(reservation_id, scope, owner, period, amount_nanos, expires_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?)")) {
                            for (Budget budget : budgets) {
                                ps.setLong(1, id);
                                BudgetSql.bindKey(ps, 2, budget.key());
                                ps.setLong(5, amount.nanos());
                                ps.setObject(6, utc(now.plus(timeout)));
                                ps.executeUpdate();
                                keys.add(budget.key());
                            }
                        }
                        return new BudgetDecision.Reserved(new Reservation(id, keys, amount));
                    });
        }
    }

    @Override
    public void settle(Reservation reservation, Money actual) {
        BudgetSql.checkSettle(reservation, actual);
        if (reservation.isNone()) {
            return;
        }
        Instant now = clock.instant();
        synchronized (store.budgetLock) {
            inTransaction("settle reservation " + reservation.id(), c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_budget_reservations "
                        + "SET settled_at = ?, actual_nanos = ? WHERE id = ? AND settled_at IS NULL")) {
                    ps.setObject(1, utc(now));
                    ps.setLong(2, actual.nanos());
                    ps.setLong(3, reservation.id());
                    if (ps.executeUpdate() == 0) {
                        return null; // settled before, or not a reservation of this ledger
                    }
                }
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE ladder_budget_accounts SET spent_nanos = spent_nanos + ? * h.n "
                                + "FROM (SELECT scope AS s, owner AS o, period AS p, count(*) AS n "
                                + "FROM ladder_budget_holds WHERE reservation_id = ? GROUP BY ALL) AS h "
                                + "WHERE scope = h.s AND owner = h.o AND period = h.p")) {
                    ps.setLong(1, actual.nanos());
                    ps.setLong(2, reservation.id());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM ladder_budget_holds WHERE reservation_id = ?")) {
                    ps.setLong(1, reservation.id());
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    @Override
    public Money spent(BudgetKey key) {
        Objects.requireNonNull(key, "key");
        synchronized (store.budgetLock) {
            return read("read the spend of " + key, c -> Money.ofNanos(BudgetSql.spentNanos(c, key)));
        }
    }

    @Override
    public Money reserved(BudgetKey key) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        synchronized (store.budgetLock) {
            return read(
                    "read the reservations of " + key, c -> Money.ofNanos(BudgetSql.reservedNanos(c, key, utc(now))));
        }
    }

    /** Closes this ledger's connection; the store stays open. Closing twice is harmless. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the budget ledger in " + store.file() + ": " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(String what, BudgetSql.Work<T> work) {
        try {
            return BudgetSql.inTransaction(connection, work);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + store.file() + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(String what, BudgetSql.Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + store.file() + ": " + e.getMessage(), e);
        }
    }

    // DuckDB's TIMESTAMP has no zone: the columns hold UTC wall-clock time, as in DuckDbLedgerStore.
    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
