package ladder.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Predicate;

/** One unit of work in one transaction on a JDBC connection, the same way for every store. */
public final class Transactions {

    /** Work that may fail with the driver's {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private Transactions() {}

    /**
     * Runs {@code work} with auto-commit off and commits it; on any failure rolls back and rethrows that failure (a
     * failing rollback is added to it as suppressed). The connection's auto-commit mode is restored either way.
     */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        return inTransaction(c, work, result -> true);
    }

    /**
     * Like {@link #inTransaction(Connection, Work)}, but rolls back instead of committing when {@code keep} says the
     * result should leave nothing behind (e.g. a refused budget reservation); the result is returned either way.
     */
    public static <T> T inTransaction(Connection c, Work<T> work, Predicate<? super T> keep) throws SQLException {
        Objects.requireNonNull(c, "c");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(keep, "keep");
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            if (keep.test(result)) {
                c.commit();
            } else {
                c.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            try {
                c.setAutoCommit(autoCommit);
            } catch (SQLException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        c.setAutoCommit(autoCommit);
        return result;
    }
}
