package ladder.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
    private static final String WINDOW = " WHERE scope = ? AND owner = ? AND period = ?";

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
        Objects.requireNonNull(reservationTimeout, "reservationTimeout");
        if (reservationTimeout.isNegative() || reservationTimeout.isZero()) {
            throw new IllegalArgumentException("reservation timeout must be positive, was " + reservationTimeout);
        }
        return new PostgresBudgetLedger(store.pool(), store.where(), clock, reservationTimeout);
    }

    @Override
    public BudgetDecision reserve(List<Budget> budgets, Money amount) {
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("reserve amount must be >= 0, was " + amount);
        }
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
                long spent = spentNanos(c, budget.key());
                long reserved = reservedNanos(c, budget.key(), now);
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
                ps.setObject(2, utc(now));
                ps.setObject(3, utc(expiresAt));
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
                    bindKey(ps, 2, budget.key());
                    ps.setLong(5, amount.nanos());
                    ps.setObject(6, utc(expiresAt));
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
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(actual, "actual");
        if (actual.isNegative()) {
            throw new IllegalArgumentException("actual cost must be >= 0, was " + actual);
        }
        if (reservation.isNone()) {
            return;
        }
        Instant now = clock.instant();
        inTransaction("settle reservation " + reservation.id(), c -> {
            // The reservation row is the settle's lock: a second settle of the same id waits here, then finds it
            // settled and does nothing.
            try (PreparedStatement ps = c.prepareStatement("UPDATE ladder_budget_reservations "
                    + "SET settled_at = ?, actual_nanos = ? WHERE id = ? AND settled_at IS NULL")) {
                ps.setObject(1, utc(now));
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
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE ladder_budget_accounts SET spent_nanos = spent_nanos + ?" + WINDOW)) {
                for (BudgetKey key : holds) {
                    ps.setLong(1, actual.nanos());
                    bindKey(ps, 2, key);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Money spent(BudgetKey key) {
        Objects.requireNonNull(key, "key");
        return read("read the spend of " + key, c -> Money.ofNanos(spentNanos(c, key)));
    }

    @Override
    public Money reserved(BudgetKey key) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        return read("read the reservations of " + key, c -> Money.ofNanos(reservedNanos(c, key, now)));
    }

    /** Creates the window's row when missing and locks it until the transaction ends. */
    private static void lockWindow(Connection c, BudgetKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ladder_budget_accounts (scope, owner, period) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            bindKey(ps, 1, key);
            ps.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT spent_nanos FROM ladder_budget_accounts" + WINDOW + " FOR UPDATE")) {
            bindKey(ps, 1, key);
            ps.executeQuery().close();
        }
    }

    private static long spentNanos(Connection c, BudgetKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT spent_nanos FROM ladder_budget_accounts" + WINDOW)) {
            bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static long reservedNanos(Connection c, BudgetKey key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(amount_nanos), 0)::BIGINT "
                + "FROM ladder_budget_holds" + WINDOW + " AND expires_at > ?")) {
            bindKey(ps, 1, key);
            ps.setObject(4, utc(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bindKey(PreparedStatement ps, int first, BudgetKey key) throws SQLException {
        ps.setString(first, key.scope().id());
        ps.setString(first + 1, key.owner());
        ps.setString(first + 2, key.period());
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

    /** Work on one connection that may fail with an {@link SQLException}. */
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                if (result instanceof BudgetDecision.Exhausted) {
                    c.rollback();
                } else {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + where + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + where + ": " + e.getMessage(), e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
