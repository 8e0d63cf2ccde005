package ladder.store.duckdb;

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
 * Applies the numbered SQL resources listed in {@code db/duckdb/migrations.txt}, each once, in order (versions
 * increase down the list and may skip numbers), each in its own transaction, recording them in {@code
 * ladder_schema_version}. A tiny runner instead of Flyway, which does not support DuckDB.
 */
final class Migrations {

    private static final String DIR = "db/duckdb/";
    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]{0,8})__[A-Za-z0-9_]+\\.sql");

    private Migrations() {}

    /** Brings the schema of {@code connection} up to date; returns the schema version. */
    static int apply(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ladder_schema_version ("
                    + "version INTEGER PRIMARY KEY, script VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
        }
        int current = currentVersion(connection);
        int last = current;
        for (String script : index()) {
            int version = version(script);
            if (version > current) {
                applyOne(connection, version, script);
            }
            last = Math.max(last, version);
        }
        return last;
    }

    private static void applyOne(Connection connection, int version, String script) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            for (String sql : statements(read(DIR + script))) {
                s.execute(sql);
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO ladder_schema_version (version, script) VALUES (?, ?)")) {
                insert.setInt(1, version);
                insert.setString(2, script);
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM ladder_schema_version")) {
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

    /** Splits a script on semicolons that end a line; {@code --} comment lines are dropped. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
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
