package ladder.store.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import ladder.store.jdbc.Dialect;
import ladder.store.jdbc.LedgerSql;
import ladder.store.jdbc.Migrations;

/** What DuckDB does its own way in the SQL the ledger stores share: zone-less timestamps, its migrations. */
enum DuckDbDialect implements Dialect {
    INSTANCE;

    /** The migration that computes precedents for rows written without them. */
    static final String PRECEDENTS_BACKFILL = "V5__precedents_backfill.sql";

    /** The schema scripts in {@code db/duckdb/}, sent one statement at a time; one process opens a file: no lock. */
    static final Migrations MIGRATIONS = Migrations.of(
            DuckDbDialect.class,
            "db/duckdb/",
            "CREATE TABLE IF NOT EXISTS ladder_schema_version (version INTEGER PRIMARY KEY, script VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)",
            Migrations.Scripts.SPLIT_ON_SEMICOLONS,
            Migrations.Lock.NONE);

    @Override
    public Object timestamp(Instant instant) {
        return localDateTime(epochMicros(instant));
    }

    @Override
    public Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    @Override
    public String literal(Instant instant) {
        return "TIMESTAMP '" + LedgerSql.LITERAL.format(instant) + "'";
    }

    @Override
    public String calls() {
        return "ladder_calls";
    }

    /** A TIMESTAMP value in epoch microseconds (UTC). */
    static long epochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    // DuckDB's TIMESTAMP has no zone: the column holds UTC wall-clock time, bound and read as LocalDateTime so the
    // JVM's default zone never shifts it.
    private static LocalDateTime localDateTime(long epochMicros) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(epochMicros, 1_000_000L),
                (int) Math.floorMod(epochMicros, 1_000_000L) * 1_000,
                ZoneOffset.UTC);
    }
}
