package ladder.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.ledger.CacheMissCause;
import ladder.core.ledger.CacheMisses;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.HiddenRetries;
import ladder.core.ledger.ModelSeen;
import ladder.core.ledger.Precedents;
import ladder.core.ledger.PrefixBreak;
import ladder.core.ledger.TaskCost;
import ladder.core.ledger.TaskCostStats;
import ladder.core.ledger.TaskCosts;
import ladder.core.ledger.TimeWindow;
import ladder.core.ledger.UsageQuery;
import ladder.core.ledger.UsageSums;

/** Reads the ledger's result rows into core types, the same way for every engine; and runs one window query. */
public final class LedgerRows {

    /** Reads one result set; may fail with the driver's {@link SQLException}. */
    @FunctionalInterface
    public interface Reader<T> {
        /** The value read from {@code rs}, positioned before its first row. */
        T read(ResultSet rs) throws SQLException;
    }

    private LedgerRows() {}

    /**
     * Runs {@code sql} on {@code c} bound to the window and then {@code more} parameters (see {@link LedgerSql#bind}),
     * and reads its result with {@code reader}.
     */
    public static <T> T read(
            Connection c, Dialect dialect, String sql, TimeWindow window, Reader<T> reader, Object... more)
            throws SQLException {
        List<Object> parameters = new ArrayList<>(2 + more.length);
        parameters.add(dialect.timestamp(window.from()));
        parameters.add(dialect.timestamp(window.to()));
        parameters.addAll(List.of(more));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            LedgerSql.bind(ps, parameters);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        }
    }

    /** The one row of {@link LedgerSql#COST_OF_TASK}. */
    public static TaskCost taskCost(ResultSet rs, TaskId taskId) throws SQLException {
        rs.next();
        return new TaskCost(taskId, Money.ofNanos(rs.getLong(1)), rs.getLong(2), rs.getLong(3));
    }

    /** The rows of {@link LedgerSql#COSTS_OF_TASKS_ACTIVE_SINCE}, in their order. */
    public static List<TaskCost> taskCosts(ResultSet rs) throws SQLException {
        List<TaskCost> costs = new ArrayList<>();
        while (rs.next()) {
            costs.add(new TaskCost(
                    TaskId.of(rs.getString(1)), Money.ofNanos(rs.getLong(2)), rs.getLong(3), rs.getLong(4)));
        }
        return costs;
    }

    /** The one row of {@link LedgerSql#span}: empty when the window holds no calls. */
    public static Optional<TimeWindow> span(ResultSet rs, Dialect dialect) throws SQLException {
        rs.next();
        if (rs.getObject(1) == null) {
            return Optional.empty();
        }
        return Optional.of(TimeWindow.of(dialect.instant(rs, 1), dialect.instant(rs, 2)));
    }

    /** The rows of {@link LedgerSql#unpricedModels} or {@link LedgerSql#priceVersions}. */
    public static List<ModelSeen> modelsSeen(ResultSet rs, Dialect dialect) throws SQLException {
        List<ModelSeen> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new ModelSeen(
                    rs.getString(1), rs.getLong(2), rs.getString(3), dialect.instant(rs, 4), dialect.instant(rs, 5)));
        }
        return out;
    }

    /** The rows of an engine's cache-miss statement: cause, model, block, offset, context, counts, samples, times. */
    public static List<CacheMisses> cacheMisses(ResultSet rs, Dialect dialect) throws SQLException {
        List<CacheMisses> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new CacheMisses(
                    CacheMissCause.parse(rs.getString(1)),
                    ModelId.of(rs.getString(2)),
                    rs.getString(3),
                    rs.getLong(4),
                    rs.getString(5),
                    rs.getLong(6),
                    rs.getLong(7),
                    rs.getLong(8),
                    rs.getLong(9),
                    rs.getString(10),
                    rs.getString(11),
                    dialect.instant(rs, 12),
                    dialect.instant(rs, 13)));
        }
        return out;
    }

    /** The rows of an engine's hidden-retries statement: task, retries, their cost, task cost, sample, times. */
    public static List<HiddenRetries> hiddenRetries(ResultSet rs, Dialect dialect) throws SQLException {
        List<HiddenRetries> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new HiddenRetries(
                    rs.getString(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getString(5),
                    dialect.instant(rs, 6),
                    dialect.instant(rs, 7)));
        }
        return out;
    }

    /**
     * The rows of an engine's cost-per-task statement: {@code d} (the index of the dimension, -1 for the overall
     * row), key, tasks, calls, unpriced, total, p50, p90, max.
     */
    public static TaskCosts taskCosts(ResultSet rs, List<Dimension> dimensions) throws SQLException {
        TaskCostStats overall = new TaskCostStats("", 0, 0, 0, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO);
        Map<Dimension, List<TaskCostStats>> groups = new EnumMap<>(Dimension.class);
        dimensions.forEach(d -> groups.put(d, new ArrayList<>()));
        while (rs.next()) {
            int d = rs.getInt(1);
            TaskCostStats stats = new TaskCostStats(
                    rs.getString(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    Money.ofNanos(rs.getLong(6)),
                    Money.ofNanos(rs.getLong(7)),
                    Money.ofNanos(rs.getLong(8)),
                    Money.ofNanos(rs.getLong(9)));
            if (d < 0) {
                overall = stats;
            } else {
                groups.get(dimensions.get(d)).add(stats);
            }
        }
        return new TaskCosts(overall, groups);
    }

    /** The rows of {@link LedgerSql#usageSums}. */
    public static List<UsageSums> usageSums(ResultSet rs, UsageQuery q) throws SQLException {
        int keys = q.keys().size() + (q.filter() == UsageQuery.Filter.MARK_ESCALATED_REQUESTS ? 1 : 0);
        List<UsageSums> out = new ArrayList<>();
        while (rs.next()) {
            List<String> values = new ArrayList<>(keys);
            for (int i = 1; i <= keys; i++) {
                values.add(rs.getString(i));
            }
            int c = keys + 1;
            out.add(new UsageSums(
                    values,
                    ModelId.of(rs.getString(c)),
                    Codes.tier(rs.getInt(c + 1)),
                    rs.getBoolean(c + 2),
                    Codes.kind(rs.getInt(c + 3)),
                    rs.getInt(c + 4),
                    rs.getInt(c + 5),
                    rs.getLong(c + 6),
                    rs.getLong(c + 7),
                    rs.getLong(c + 8),
                    rs.getLong(c + 9),
                    rs.getLong(c + 10),
                    rs.getLong(c + 11),
                    rs.getLong(c + 12),
                    rs.getLong(c + 13),
                    rs.getLong(c + 14),
                    rs.getLong(c + 15)));
        }
        return out;
    }

    /**
     * The columns {@link #precedents} reads, in its order: the task gap, whether the model changed, whether the prefix
     * was extended, the repeat gap; NULL where unknown (and on rows written before they existed).
     */
    public static final String PRECEDENT_COLUMNS = "prev_gap_us, prev_model_changed, prefix_extended, repeat_gap_us";

    /** The {@link Precedents} in the four {@link #PRECEDENT_COLUMNS} from column {@code first} on. */
    public static Precedents precedents(ResultSet rs, int first) throws SQLException {
        long taskGap = rs.getLong(first);
        boolean knownTask = !rs.wasNull();
        boolean modelChanged = rs.getBoolean(first + 1);
        boolean prefixExtended = rs.getBoolean(first + 2);
        long repeatGap = rs.getLong(first + 3);
        boolean knownRepeat = !rs.wasNull();
        if (!knownTask && !knownRepeat) {
            return Precedents.NONE;
        }
        return knownTask
                ? new Precedents(taskGap, modelChanged, prefixExtended, knownRepeat ? repeatGap : Precedents.UNKNOWN)
                : new Precedents(Precedents.UNKNOWN, false, false, repeatGap);
    }

    private record BreakKey(String requestId, int attemptIndex) {}

    /** Attaches the prefix breaks stored for {@code records} (read from the side table by their time range). */
    public static List<CallRecord> withBreaks(Connection c, Dialect dialect, List<CallRecord> records)
            throws SQLException {
        if (records.isEmpty()) {
            return records;
        }
        Instant min = records.getFirst().time();
        Instant max = min;
        for (CallRecord r : records) {
            min = r.time().isBefore(min) ? r.time() : min;
            max = r.time().isAfter(max) ? r.time() : max;
        }
        Map<BreakKey, List<PrefixBreak>> breaks = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT request_id, attempt_index, block, byte_offset, context FROM prefix_breaks "
                        + "WHERE ts >= ? AND ts <= ? ORDER BY request_id, attempt_index, ordinal")) {
            ps.setObject(1, dialect.timestamp(min));
            ps.setObject(2, dialect.timestamp(max));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    breaks.computeIfAbsent(new BreakKey(rs.getString(1), rs.getInt(2)), k -> new ArrayList<>())
                            .add(new PrefixBreak(rs.getString(3), rs.getLong(4), rs.getString(5)));
                }
            }
        }
        if (breaks.isEmpty()) {
            return records;
        }
        List<CallRecord> out = new ArrayList<>(records.size());
        for (CallRecord r : records) {
            List<PrefixBreak> own =
                    breaks.get(new BreakKey(r.requestId(), r.attempt().index()));
            out.add(own == null ? r : r.toBuilder().prefixBreaks(own).build());
        }
        return out;
    }
}
