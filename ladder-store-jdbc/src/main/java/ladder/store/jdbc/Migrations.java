package ladder.store.jdbc;

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
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the numbered SQL resources listed in {@code <folder>/migrations.txt}, each once, in order (versions increase
 * down the list and may skip numbers), each in its own transaction, recording them in {@code ladder_schema_version}. A
 * tiny runner instead of Flyway (which does not support DuckDB); each engine supplies its folder, the DDL of the
 * version table, how a script is sent, and a {@link Lock} taken first in every transaction.
 */
public final class Migrations {

    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]{0,8})__[A-Za-z0-9_]+\\.sql");

    /** How a migration script is sent to the engine. */
    public enum Scripts {
        /** One statement per call: the script is split on semicolons that end a line (see {@link #statements}). */
        SPLIT_ON_SEMICOLONS,
        /** The whole script in one call, for engines that run several statements at once. */
        WHOLE
    }

    /** Taken first in every migration transaction, e.g. an advisory lock so that processes migrate one at a time. */
    @FunctionalInterface
    public interface Lock {
        /** No lock: for an engine that only one process opens at a time. */
        Lock NONE = statement -> {};

        /** Takes the lock on {@code statement}'s connection, released when the transaction ends. */
        void take(Statement statement) throws SQLException;
    }

    private final ClassLoader resources;
    private final String folder;
    private final String versionTable;
    private final Scripts scripts;
    private final Lock lock;

    private Migrations(ClassLoader resources, String folder, String versionTable, Scripts scripts, Lock lock) {
        this.resources = resources;
        this.folder = folder;
        this.versionTable = versionTable;
        this.scripts = scripts;
        this.lock = lock;
    }

    /**
     * The migrations of one engine.
     *
     * @param owner a class whose class loader holds the scripts
     * @param folder the resource folder, ending in {@code /} (e.g. {@code db/duckdb/})
     * @param versionTable {@code CREATE TABLE IF NOT EXISTS ladder_schema_version (version INTEGER PRIMARY KEY, script
     *     ..., applied_at ...)} in the engine's types
     */
    public static Migrations of(Class<?> owner, String folder, String versionTable, Scripts scripts, Lock lock) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(versionTable, "versionTable");
        Objects.requireNonNull(scripts, "scripts");
        Objects.requireNonNull(lock, "lock");
        if (!folder.endsWith("/")) {
            throw new IllegalArgumentException("migration folder must end with '/', was " + folder);
        }
        return new Migrations(owner.getClassLoader(), folder, versionTable, scripts, lock);
    }

    /**
     * Brings the schema of {@code connection} up to date, one script per transaction (each transaction first takes
     * the lock, then reads the version, so processes starting together migrate one after the other); returns the
     * schema version.
     */
    public int apply(Connection connection) throws SQLException {
        List<String> pending = index();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            while (true) {
                try (Statement s = connection.createStatement()) {
                    lock.take(s);
                    s.execute(versionTable);
                    int current = currentVersion(s);
                    String script = pending.stream()
                            .filter(name -> version(name) > current)
                            .findFirst()
                            .orElse("");
                    if (script.isEmpty()) {
                        connection.commit();
                        return current;
                    }
                    int version = version(script);
                    run(s, read(folder + script));
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

    private void run(Statement s, String script) throws SQLException {
        switch (scripts) {
            case SPLIT_ON_SEMICOLONS -> {
                for (String sql : statements(script)) {
                    s.execute(sql);
                }
            }
            case WHOLE -> s.execute(script);
        }
    }

    private static int currentVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM ladder_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * The statements of the listed script {@code name}, split as {@link Scripts#SPLIT_ON_SEMICOLONS} does: for a data
     * script that also has to run outside a migration (e.g. a backfill after a bulk load).
     *
     * @throws IllegalArgumentException when {@code name} is not in {@code migrations.txt}
     */
    public List<String> statementsOf(String name) {
        if (!index().contains(name)) {
            throw new IllegalArgumentException("no migration " + name + " in " + folder + "migrations.txt");
        }
        return statements(read(folder + name));
    }

    /** The scripts in {@code migrations.txt}, checked to carry strictly increasing versions. */
    public List<String> index() {
        List<String> out = new ArrayList<>();
        int previous = 0;
        for (String line : read(folder + "migrations.txt").split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                int version = version(trimmed);
                if (version <= previous) {
                    throw new IllegalStateException("migration " + trimmed + " must have a version above " + previous
                            + " (the one before it) in " + folder + "migrations.txt");
                }
                previous = version;
                out.add(trimmed);
            }
        }
        return out;
    }

    /** The version {@code N} of a script named {@code VN__description.sql}. */
    public int version(String script) {
        Matcher m = NAME.matcher(script);
        if (!m.matches()) {
            throw new IllegalStateException("migration " + script + " in " + folder
                    + "migrations.txt must be named V<number>__<description>.sql");
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

    private String read(String resource) {
        try (InputStream in = resources.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration resource " + resource, e);
        }
    }
}
