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

/**
 * Applies the numbered SQL resources listed in {@code db/duckdb/migrations.txt}, each once, in order, each in its
 * own transaction, recording them in {@code ladder_schema_version}. A tiny runner instead of Flyway, which does not
 * support DuckDB.
 */
final class Migrations {

    private static final String DIR = "db/duckdb/";

    private Migrations() {}

    /** Brings the schema of {@code connection} up to date; returns the schema version. */
    static int apply(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ladder_schema_version ("
                    + "version INTEGER PRIMARY KEY, script VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
        }
        int current = currentVersion(connection);
        List<String> scripts = index();
        for (int i = current; i < scripts.size(); i++) {
            int version = i + 1;
            String script = scripts.get(i);
            if (!script.startsWith("V" + version + "__")) {
                throw new IllegalStateException("migration " + version + " must be named V" + version + "__*.sql, was "
                        + script + " in " + DIR + "migrations.txt");
            }
            applyOne(connection, version, script);
        }
        return Math.max(current, scripts.size());
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
