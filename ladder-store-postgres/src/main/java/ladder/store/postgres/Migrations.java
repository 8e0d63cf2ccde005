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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the numbered SQL resources listed in {@code db/postgres/migrations.txt}, each once, in order (versions
 * increase down the list and may skip numbers), each in its own transaction, recording them in {@code
 * ladder_schema_version}. Every transaction first takes an advisory lock, so gateways starting together migrate one
 * after the other.
 */
final class Migrations {

    private static final String DIR = "db/postgres/";
    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]{0,8})__[A-Za-z0-9_]+\\.sql");
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
                    String script = scripts.stream()
                            .filter(name -> version(name) > current)
                            .findFirst()
                            .orElse("");
                    if (script.isEmpty()) {
                        connection.commit();
                        return current;
                    }
                    int version = version(script);
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

    /** The scripts in {@code migrations.txt}, checked to carry strictly increasing versions. */
    static List<String> index() {
        List<String> scripts = new ArrayList<>();
        int previous = 0;
        for (String line : read(DIR + "migrations.txt").split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                int version = version(trimmed);
                if (version <= previous) {
                    throw new IllegalStateException("migration " + trimmed + " must have a version above " + previous
                            + " (the one before it) in " + DIR + "migrations.txt");
                }
                previous = version;
                scripts.add(trimmed);
            }
        }
        return scripts;
    }

    /** The version {@code N} of a script named {@code VN__description.sql}. */
    static int version(String script) {
        Matcher m = NAME.matcher(script);
        if (!m.matches()) {
            throw new IllegalStateException(
                    "migration " + script + " in " + DIR + "migrations.txt must be named V<number>__<description>.sql");
        }
        return Integer.parseInt(m.group(1));
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
