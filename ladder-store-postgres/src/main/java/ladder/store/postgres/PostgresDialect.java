package ladder.store.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import ladder.store.jdbc.Dialect;
import ladder.store.jdbc.LedgerSql;
import ladder.store.jdbc.Migrations;

/** What PostgreSQL does its own way in the SQL the ledger stores share: TIMESTAMPTZ, the names view, migrations. */
enum PostgresDialect implements Dialect {
    INSTANCE;

    // Arbitrary but fixed: the advisory lock id all Ladder processes agree on ("LADR").
    private static final long LOCK_ID = 0x4c414452L;

    /**
     * The schema scripts in {@code db/postgres/}, each sent whole. Every migration transaction first takes an advisory
     * lock, so gateways starting together migrate one after the other.
     */
    static final Migrations MIGRATIONS = Migrations.of(
            PostgresDialect.class,
            "db/postgres/",
            "CREATE TABLE IF NOT EXISTS ladder_schema_version (version INTEGER PRIMARY KEY, script TEXT NOT NULL, "
                    + "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
            Migrations.Scripts.WHOLE,
            statement -> statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")"));

    @Override
    public Object timestamp(Instant instant) {
        return utc(instant);
    }

    @Override
    public Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    @Override
    public String literal(Instant instant) {
        return "TIMESTAMPTZ '" + LedgerSql.LITERAL.format(instant) + "+00'";
    }

    @Override
    public String calls() {
        return "ladder_calls_named";
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
