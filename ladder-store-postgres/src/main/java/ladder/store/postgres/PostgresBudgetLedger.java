package ladder.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import ladder.core.Money;
import ladder.core.StoreException;
import ladder.core.access.Budget;
import ladder.core.access.BudgetDecision;
import ladder.core.access.BudgetKey;
import ladder.core.access.BudgetLedger;
import ladder.core.access.BudgetScope;
import ladder.core.access.Reservation;
import ladder.store.jdbc.BudgetSql;

/**
 * The {@link BudgetLedger} for shared deployments: budgets in PostgreSQL, atomic across every gateway that shares the
 * database. A reservation is one transaction that locks the row of each budget window it touches ({@code SELECT ...
 * FOR UPDATE}, always in key order, so two reservations cannot deadlock), reads what is spent and held there, and
 * adds its holds only when every window has the headroom. Two processes therefore never both take the last of a
 * budget.
 *
 * <p>Budget windows are rows keyed by {@link BudgetKey} (a month is part of the key), so a new month starts from
 * zero without any reset job. Each reservation times out {@code reservationTimeout} after it was made (as read from
 * the injected clock): from then on no read or reservation counts it as in flight, so a gateway killed mid-call holds
 * budget for no longer than that. A late settle still records the actual cost, once.
 */
public final class PostgresBudgetLedger implements BudgetLedger {

    // The order every transaction locks budget windows in; any fixed total order rules out deadlocks.
    private static final Comparator<BudgetKey> LOCK_ORDER = Comparator.comparing(
                    (BudgetKey k) -> k.scope().id())
            .thenComparing(BudgetKey::owner)
            .thenComparing(BudgetKey::period);

    private final DataSource pool;
    private final String where;
    private final InstantSource clock;
    private final Duration timeout;

    private PostgresBudgetLedger(DataSource pool, String where, InstantSource clock, Duration timeout) {
        this.pool = pool;
        this.where = where;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * A budget ledger in {@code store}'s database, through its connection pool, reading the system clock, with
     * reservations that time out after {@link BudgetLedger#DEFAULT_RESERVATION_TIMEOUT}. It lives as long as the
     * store: closing the store closes the pool.
     */
    public static PostgresBudgetLedger open(PostgresLedgerStore store) {
        return open(store, InstantSource.system(), DEFAULT_RESERVATION_TIMEOUT);
    }

    /**
     * A budget ledger in {@code store}'s database (whose schema the store has migrated), through its connection pool,
     * reading {@code clock}, whose reservations stop counting {@code reservationTimeout} after they were made.
     *
     * @param reservationTimeout the longest a call may take; positive
     */
    public static PostgresBudgetLedger open(
            PostgresLedgerStore store, InstantSource clock, Duration reservationTimeout) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        BudgetSql.checkTimeout(reservationTimeout);
        return new PostgresBudgetLedger(store.pool(), store.where(), clock, reservationTimeout);
    }

    @Override
    public BudgetDecision reserve(List<Budget> budgets, Money amount) {
        BudgetSql.checkReserve(budgets, amount);
        if (budgets.isEmpty()) {
            return new BudgetDecision.Reserved(Reservation.NONE);
        }
        Instant now = clock.instant();
        return inTransaction("reserve " + amount + " against " + budgets.get(0).key(), c -> {
            List<BudgetKey> windows = budgets.stream()
                    .map(Budget::key)
                    .distinct()
                    .sorted(LOCK_ORDER)
                    .toList();
            for (BudgetKey key : windows) {
                lockWindow(c, key);
            }
            for (Budget budget : budgets) {
                long spent = BudgetSql.spentNanos(c, budget.key());
                long reserved = BudgetSql.reservedNanos(c, budget.key(), PostgresDialect.utc(now));
                // headroom = limit - spent - reserved; compared without adding, so UNLIMITED cannot overflow
                if (amount.nanos() > budget.limit().nanos() - spent - reserved) {
                    return new BudgetDecision.Exhausted(budget, Money.ofNanos(spent), Money.ofNanos(reserved), amount);
                }
            }
            Instant expiresAt = now.plus(timeout);
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_budget_reservations "
                    + "(amount_nanos, created_at, expires_at) VALUES (?, ?, ?) RETURNING id")) {
                ps.setLong(1, amount.nanos());
                ps.setObject(2, PostgresDialect.utc(now));
                ps.setObject(3, PostgresDialect.utc(expiresAt));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            List<BudgetKey> keys = new ArrayList<>(budgets.size());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_budget_holds "
                    + "(reservation_id, scope, owner, period, amount_nanos, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Budget budget : budgets) {
                    ps.setLong(1, id);
                    BudgetSql.bindKey(ps, 2, budget.key());
                    ps.setLong(5, amount.nanos());
                    ps.setObject(6, PostgresDialect.utc(expiresAt));
                    ps.addBatch();
                    keys.add(budget.key());
                }
                ps.executeBatch();
            }
            return new BudgetDecision.Reserved(new Reservation(id, keys, amount));
        });
    }

    @Override
    public void settle(Reservation reservation, Money actual) {
        BudgetSql.checkSettle(reservation, actual);
        if (reservation.isNone()) {
            return;
        }
        Instant now = clock.instant();
        inTransaction("settle reservation " + reservation.id(), c -> {
            // The reservation row is the settle's lock: a second settle of the same id waits here, then finds it
            // settled and does nothing.
            try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_budget_reservations "
                    + "SET settled_at = ?, actual_nanos = ? WHERE id = ? AND settled_at IS NULL")) {
                ps.setObject(1, PostgresDialect.utc(now));
                ps.setLong(2, actual.nanos());
                ps.setLong(3, reservation.id());
                if (ps.executeUpdate() == 0) {
                    return null; // settled before, or not a reservation of this database
                }
            }
            List<BudgetKey> holds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM ladder_budget_holds WHERE reservation_id = ? RETURNING scope, owner, period")) {
                ps.setLong(1, reservation.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        holds.add(key(rs));
                    }
                }
            }
            holds.sort(LOCK_ORDER);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ladder_budget_accounts SET spent_nanos = spent_nanos + ?" + BudgetSql.KEY)) {
                for (BudgetKey key : holds) {
                    ps.setLong(1, actual.nanos());
                    BudgetSql.bindKey(ps, 2, key);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Money spent(BudgetKey key) {
        Objects.requireNonNull(key, "key");
        return read("read the spend of " + key, c -> Money.ofNanos(BudgetSql.spentNanos(c, key)));
    }

    @Override
    public Money reserved(BudgetKey key) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        return read(
                "read the reservations of " + key,
                c -> Money.ofNanos(BudgetSql.reservedNanos(c, key, PostgresDialect.utc(now))));
    }

    /** Creates the window's row when missing and locks it until the transaction ends. */
    private static void lockWindow(Connection c, BudgetKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_budget_accounts (scope, owner, period) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            BudgetSql.bindKey(ps, 1, key);
            ps.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT spent_nanos FROM ladder_budget_accounts" + BudgetSql.KEY + " FOR UPDATE")) {
            BudgetSql.bindKey(ps, 1, key);
            ps.executeQuery().close();
        }
    }

    private static BudgetKey key(ResultSet rs) throws SQLException {
        String scope = rs.getString(1);
        for (BudgetScope candidate : BudgetScope.values()) {
            if (candidate.id().equals(scope)) {
                return new BudgetKey(candidate, rs.getString(2), rs.getString(3));
            }
        }
        throw new SQLException("unknown budget scope '" + scope + "' in ladder_budget_holds");
    }

    private <T> T inTransaction(String what, BudgetSql.Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return BudgetSql.inTransaction(c, work);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + where + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(String what, BudgetSql.Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + where + ": " + e.getMessage(), e);
        }
    }
}
