package ladder.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import ladder.core.Money;
import ladder.core.access.Budget;
import ladder.core.access.BudgetDecision;
import ladder.core.access.BudgetKey;
import ladder.core.access.Reservation;

/**
 * What the SQL budget ledgers share: argument checks, the transaction that keeps a reservation only when it was
 * granted, and the reads of a budget window's spend and holds (tables of {@code V3__budgets.sql}).
 */
public final class BudgetSql {

    /** The condition on a budget window's key: parameters scope, owner, period. */
    public static final String KEY = " WHERE scope = ? AND owner = ? AND period = ?";

    /** Work on one connection that may fail with an {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        /** The result of the work on {@code c}. */
        T run(Connection c) throws SQLException;
    }

    private BudgetSql() {}

    /** Checks a ledger's reservation timeout: non-null and positive. */
    public static void checkTimeout(Duration reservationTimeout) {
        Objects.requireNonNull(reservationTimeout, "reservationTimeout");
        if (reservationTimeout.isNegative() || reservationTimeout.isZero()) {
            throw new IllegalArgumentException("reservation timeout must be positive, was " + reservationTimeout);
        }
    }

    /** Checks the arguments of {@link ladder.core.access.BudgetLedger#reserve}. */
    public static void checkReserve(List<Budget> budgets, Money amount) {
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("reserve amount must be >= 0, was " + amount);
        }
    }

    /** Checks the arguments of {@link ladder.core.access.BudgetLedger#settle}. */
    public static void checkSettle(Reservation reservation, Money actual) {
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(actual, "actual");
        if (actual.isNegative()) {
            throw new IllegalArgumentException("actual cost must be >= 0, was " + actual);
        }
    }

    /**
     * Runs {@code work} in one transaction on {@code c}: committed, unless it fails or decides {@link
     * BudgetDecision.Exhausted} (then rolled back, so a refused reservation leaves nothing behind).
     */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        return Transactions.inTransaction(
                c, () -> work.run(c), result -> !(result instanceof BudgetDecision.Exhausted));
    }

    /** What is spent in the window {@code key}; 0 when it has no row yet. */
    public static long spentNanos(Connection c, BudgetKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT spent_nanos FROM ladder_budget_accounts" + KEY)) {
            bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** What the holds in the window {@code key} that expire after {@code now} (a timestamp parameter) add up to. */
    public static long reservedNanos(Connection c, BudgetKey key, Object now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(amount_nanos), 0)::BIGINT "
                + "FROM ladder_budget_holds" + KEY + " AND expires_at > ?")) {
            bindKey(ps, 1, key);
            ps.setObject(4, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Binds {@code key} as scope, owner and period from parameter {@code first}. */
    public static void bindKey(PreparedStatement ps, int first, BudgetKey key) throws SQLException {
        ps.setString(first, key.scope().id());
        ps.setString(first + 1, key.owner());
        ps.setString(first + 2, key.period());
    }
}
