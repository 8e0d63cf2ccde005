package ladder.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** What differs between the engines where the SQL the ledger stores share touches timestamps and the calls table. */
public interface Dialect {

    /** {@code instant} as a timestamp parameter, for {@link java.sql.PreparedStatement#setObject(int, Object)}. */
    Object timestamp(Instant instant);

    /** The non-null timestamp in {@code column} (1-based) of the current row. */
    Instant instant(ResultSet rs, int column) throws SQLException;

    /** {@code instant} as a timestamp literal in SQL, in microseconds (e.g. {@code TIMESTAMP '...'}). */
    String literal(Instant instant);

    /** The table or view aggregations read, with the columns of {@code ladder_calls} and names as text. */
    String calls();
}
