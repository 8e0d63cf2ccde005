package ladder.store.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code ladder_names} dictionary: each repeated string once, referenced by an integer id. Cached both ways;
 * ids never change once assigned, so the cache never goes stale, it only misses names another process added.
 */
final class Names {

    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, String> names = new ConcurrentHashMap<>();

    /**
     * Makes sure every name in {@code wanted} has an id, inserting the missing ones in their own committed
     * transaction (so an id in the cache always exists, even when the batch that needed it rolls back).
     */
    void intern(Connection connection, Collection<String> wanted) throws SQLException {
        Set<String> missing = new HashSet<>();
        for (String name : wanted) {
            if (!ids.containsKey(name)) {
                missing.add(name);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String[] array = missing.toArray(String[]::new);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ladder_names (name) SELECT unnest(?::text[]) ON CONFLICT (name) DO NOTHING")) {
            insert.setArray(1, connection.createArrayOf("text", array));
            insert.executeUpdate();
        }
        connection.commit();
        try (PreparedStatement select =
                connection.prepareStatement("SELECT id, name FROM ladder_names WHERE name = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("text", array));
            remember(select);
        }
    }

    /** The id of {@code name}, which {@link #intern} has seen. */
    int id(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            throw new IllegalStateException("name not interned: " + name);
        }
        return id;
    }

    /** Loads the names of {@code wanted} ids that are not cached yet. */
    void load(Connection connection, Collection<Integer> wanted) throws SQLException {
        List<Integer> missing =
                wanted.stream().filter(id -> !names.containsKey(id)).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement select =
                connection.prepareStatement("SELECT id, name FROM ladder_names WHERE id = ANY(?)")) {
            Array array = connection.createArrayOf("int4", missing.toArray());
            select.setArray(1, array);
            remember(select);
        }
    }

    /** The name of {@code id}, which {@link #load} has seen. */
    String name(int id) {
        String name = names.get(id);
        if (name == null) {
            throw new IllegalStateException("ladder_names has no id " + id);
        }
        return name;
    }

    private void remember(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                ids.put(rs.getString(2), rs.getInt(1));
                names.put(rs.getInt(1), rs.getString(2));
            }
        }
    }
}
