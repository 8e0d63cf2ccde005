package ladder.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the numbered SQL resources listed in {@code db/postgres/migrations.txt}, each once, in order, each in its
 * own transaction, recording them in {@code ladder_schema_version}. Every transaction first takes an advisory lock,
 * so gateways starting together migrate one after the other.
 */
final class Migrations {

    private static final String DIR = "db/postgres/";
    // Arbitrary but fixed: the advisory lock id all Ladder processes agree on ("LADR").
    private static final long LOCK_ID = 0x4c414452L;

    private Migrations() {}

    /** Brings the schema of {@code connection} up to date; returns the schema version. */
    static int apply(Connection connection) throws SQLException {
        List<String> scripts = index();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            while (true) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")");
                    s.execute("CREATE TABLE IF NOT EXISTS ladder_schema_version ("
                            + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, "
                            + "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
                    int current = currentVersion(s);
                    if (current >= scripts.size()) {
                        connection.commit();
                        return current;
                    }
                    int version = current + 1;
                    String script = scripts.get(current);
                    if (!script.startsWith("V" + version + "__")) {
                        throw new IllegalStateException("migration " + version + " must be named V" + version
                                + "__*.sql, was " + script + " in " + DIR + "migrations.txt");
                    }
                    s.execute(read(DIR + script));
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO ladder_schema_version (version, script) VALUES (?, ?)")) {
                        insert.setInt(1, version);
                        insert.setString(2, script);
                        insert.executeUpdate();
                    }
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM ladder_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> index() {
        List<String> scripts = new ArrayList<>();
        for (String line : read(DIR + "migrations.txt").split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                scripts.add(trimmed);
            }
        }
        return scripts;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration resource " + resource, e);
        }
    }
}
