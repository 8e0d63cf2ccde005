package ladder.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

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
        Objects.requireNonNull(c, "c");
        Objects.requireNonNull(work, "work");
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            c.commit();
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
