package ladder.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransactionsTest {

    /** A connection that records the transaction calls it gets and fails the ones named in {@code failing}. */
    private static Connection connection(List<String> calls, Set<String> failing) {
        boolean[] autoCommit = {true};
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    switch (name) {
                        case "getAutoCommit" -> {
                            return autoCommit[0];
                        }
                        case "setAutoCommit" -> autoCommit[0] = (Boolean) args[0];
                        case "commit", "rollback" -> {}
                        default -> throw new UnsupportedOperationException(name);
                    }
                    calls.add(args == null ? name : name + "(" + args[0] + ")");
                    if (failing.contains(name)) {
                        throw new SQLException(name + " failed");
                    }
                    return null;
                });
    }

    @Test
    void inTransaction_workSucceeds_commitsAndRestoresAutoCommit() throws SQLException {
        List<String> calls = new ArrayList<>();

        String result = Transactions.inTransaction(connection(calls, Set.of()), () -> "done");

        assertThat(result).isEqualTo("done");
        assertThat(calls).containsExactly("setAutoCommit(false)", "commit", "setAutoCommit(true)");
    }

    @Test
    void inTransaction_resultNotKept_rolledBackAndReturned() throws SQLException {
        List<String> calls = new ArrayList<>();

        String result = Transactions.inTransaction(connection(calls, Set.of()), () -> "refused", r -> false);

        assertThat(result).isEqualTo("refused");
        assertThat(calls).containsExactly("setAutoCommit(false)", "rollback", "setAutoCommit(true)");
    }

    @Test
    void inTransaction_workFails_rollsBackAndRethrowsThatFailure() {
        List<String> calls = new ArrayList<>();

        assertThatThrownBy(() -> Transactions.inTransaction(connection(calls, Set.of()), () -> {
                    throw new SQLException("work failed");
                }))
                .hasMessage("work failed")
                .hasNoSuppressedExceptions();
        assertThat(calls).containsExactly("setAutoCommit(false)", "rollback", "setAutoCommit(true)");
    }

    @Test
    void inTransaction_commitRollbackAndRestoreFail_commitFailureWinsWithTheOthersSuppressed() {
        List<String> calls = new ArrayList<>();
        Connection broken = connection(calls, Set.of("commit", "rollback"));

        assertThatThrownBy(() -> Transactions.inTransaction(broken, () -> "never committed"))
                .hasMessage("commit failed")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .containsExactly("rollback failed"));
        assertThat(calls).containsExactly("setAutoCommit(false)", "commit", "rollback", "setAutoCommit(true)");
    }
}
