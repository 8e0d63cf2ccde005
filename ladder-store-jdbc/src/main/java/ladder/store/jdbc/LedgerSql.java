package ladder.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.LedgerCursor;
import ladder.core.ledger.TimeWindow;
import ladder.core.ledger.UsageQuery;

/**
 * The ledger SQL that reads the same in DuckDB and PostgreSQL; each store keeps the statements that differ (its
 * column lists, cache misses, cost per task). Statements over a window take it as their first two
 * parameters ({@code ts >= ? AND ts < ?}).
 */
public final class LedgerSql {

    /** The window condition: parameters 1 and 2 are its start (inclusive) and end (exclusive). */
    public static final String WINDOW = " WHERE ts >= ? AND ts < ?";

    /** The ledger's key order: time, then request id, then attempt index. */
    public static final String KEY_ORDER = " ORDER BY ts, request_id, attempt_index";

    /** Total cost, calls and unpriced calls of the task given as parameter 1; read by {@link LedgerRows#taskCost}. */
    public static final String COST_OF_TASK = "SELECT coalesce(sum(cost_nanos), 0)::BIGINT, count(*), "
            + "count(*) - count(cost_nanos) FROM ladder_calls WHERE task_id = ?";

    /**
     * Total cost, calls and unpriced calls (columns 2-4) of each task (column 1) whose latest call is at or after
     * parameter 1, for the parameter 2 most recently active tasks, most recent first; read by {@link
     * LedgerRows#taskCosts}.
     */
    public static final String COSTS_OF_TASKS_ACTIVE_SINCE = "WITH recent AS ("
            + "SELECT task_id, max(ts) AS last_ts FROM ladder_calls WHERE ts >= ? GROUP BY task_id "
            + "ORDER BY last_ts DESC, task_id LIMIT ?) "
            + "SELECT c.task_id, coalesce(sum(c.cost_nanos), 0)::BIGINT, count(*), count(*) - count(c.cost_nanos) "
            + "FROM ladder_calls c JOIN recent r ON c.task_id = r.task_id "
            + "GROUP BY c.task_id, r.last_ts ORDER BY r.last_ts DESC, c.task_id";

    /**
     * Tasks whose first attempts repeat a body the same key sent at most parameter 3 microseconds before (the repeat
     * gap the gateway wrote, see {@code ladder.core.ledger.Precedents}); parameter 4: the row limit. Read by {@link
     * LedgerRows#hiddenRetries}.
     */
    public static final String HIDDEN_RETRIES = "WITH r AS ("
            + "SELECT task_id, count(*) AS n, coalesce(sum(cost_nanos), 0)::BIGINT AS c, "
            + "min(request_id) AS sample, min(ts) AS first_ts, max(ts) AS last_ts FROM ladder_calls" + WINDOW
            + " AND attempt_index = 0 AND repeat_gap_us <= ? GROUP BY task_id), "
            + "t AS (SELECT task_id, coalesce(sum(cost_nanos), 0)::BIGINT AS tc FROM ladder_calls "
            + "WHERE task_id IN (SELECT task_id FROM r) GROUP BY task_id) "
            + "SELECT r.task_id, n, c, tc, sample, first_ts, last_ts FROM r JOIN t ON t.task_id = r.task_id "
            + "ORDER BY c DESC, r.task_id LIMIT ?";

    /** How timestamp literals are written inside {@link Dialect#literal}: UTC, to the microsecond. */
    public static final DateTimeFormatter LITERAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    /** A statement and its parameters, bound by {@link #bind}. */
    public record Query(String sql, List<Object> parameters) {
        public Query {
            Objects.requireNonNull(sql, "sql");
            parameters = List.copyOf(parameters);
        }
    }

    private LedgerSql() {}

    /** The calls of the task given as parameter 1, in key order, as {@code columns}. */
    public static String recordsOfTask(String columns) {
        return "SELECT " + columns + " FROM ladder_calls WHERE task_id = ?" + KEY_ORDER;
    }

    /**
     * One page of the calls in {@code window}, in key order, as {@code columns}, starting after {@code cursor}.
     *
     * @throws IllegalArgumentException when {@code limit} is below 1
     */
    public static Query recordsBetween(
            String columns, TimeWindow window, LedgerCursor cursor, int limit, Dialect dialect) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1) {
            throw new IllegalArgumentException("page limit must be >= 1, was " + limit);
        }
        String base = "SELECT " + columns + " FROM ladder_calls" + WINDOW;
        Object from = dialect.timestamp(window.from());
        Object to = dialect.timestamp(window.to());
        return switch (cursor) {
            case LedgerCursor.Start start -> new Query(base + KEY_ORDER + " LIMIT " + limit, List.of(from, to));
            case LedgerCursor.After after ->
                new Query(
                        base + " AND (ts, request_id, attempt_index) > (?, ?, ?)" + KEY_ORDER + " LIMIT " + limit,
                        List.of(
                                from,
                                to,
                                dialect.timestamp(after.key().time()),
                                after.key().requestId(),
                                after.key().attemptIndex()));
        };
    }

    /** Binds {@code parameters} from parameter 1: strings, ints and longs by their setters, others as objects. */
    public static void bind(PreparedStatement ps, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            switch (parameters.get(i)) {
                case String s -> ps.setString(i + 1, s);
                case Integer n -> ps.setInt(i + 1, n);
                case Long n -> ps.setLong(i + 1, n);
                case Object o -> ps.setObject(i + 1, o);
            }
        }
    }

    /** The first and last call time in the window; read by {@link LedgerRows#span}. */
    public static String span(Dialect dialect) {
        return "SELECT min(ts), max(ts) FROM " + dialect.calls() + WINDOW;
    }

    /** Unpriced calls per routed model; read by {@link LedgerRows#modelsSeen}. */
    public static String unpricedModels(Dialect dialect) {
        return "SELECT routed_model, count(*), min(request_id), min(ts), max(ts) FROM " + dialect.calls() + WINDOW
                + " AND cost_nanos IS NULL GROUP BY routed_model ORDER BY 2 DESC, 1";
    }

    /** Priced calls per price version; read by {@link LedgerRows#modelsSeen}. */
    public static String priceVersions(Dialect dialect) {
        return "SELECT price_version, count(*), min(request_id), min(ts), max(ts) FROM " + dialect.calls() + WINDOW
                + " AND price_version IS NOT NULL GROUP BY price_version ORDER BY 2 DESC, 1";
    }

    /** Checks the arguments of a cost-per-task query. */
    public static void checkDimensions(List<Dimension> dimensions, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("group limit must be >= 1, was " + limit);
        }
        if (dimensions.contains(Dimension.ALL) || new HashSet<>(dimensions).size() != dimensions.size()) {
            throw new IllegalArgumentException("dimensions must be distinct and not ALL, were " + dimensions);
        }
    }

    /** The column expression of a dimension. */
    public static String column(Dimension d) {
        return switch (d) {
            case ALL -> "''";
            case TASK -> "task_id";
            case ROUTE ->
                "step || '@' || CASE tier WHEN 1 THEN 'small' WHEN 2 THEN 'medium' WHEN 3 THEN 'large' "
                        + "ELSE 'frontier' END";
            case STEP -> "step";
            case MODEL -> "routed_model";
            case TEAM -> "team";
            case PROJECT -> "project";
        };
    }

    /** The base columns a dimension is computed from. */
    public static List<String> baseColumns(Dimension d) {
        return switch (d) {
            case ALL, TASK -> List.of();
            case ROUTE -> List.of("step", "tier");
            case STEP -> List.of("step");
            case MODEL -> List.of("routed_model");
            case TEAM -> List.of("team");
            case PROJECT -> List.of("project");
        };
    }

    /** Usage and cost summed per the query's keys and the pricing inputs; read by {@link LedgerRows#usageSums}. */
    public static String usageSums(UsageQuery q, Dialect dialect) {
        List<String> select = new ArrayList<>();
        for (Dimension d : q.keys()) {
            select.add(column(d));
        }
        String where = WINDOW;
        switch (q.filter()) {
            case ALL -> {}
            case TOLERANT_REALTIME -> where += " AND coalesce(latency_tolerant, false) AND NOT batch";
            case MARK_ESCALATED_REQUESTS ->
                // A semi-join on the few escalated requests (wherever their escalation falls, also outside the
                // window): much cheaper than a window partitioned by request over every call (which sorts them all).
                select.add("CASE WHEN request_id IN (SELECT request_id FROM " + dialect.calls()
                        + " WHERE attempt_kind = 3) THEN 'escalated' ELSE '' END");
        }
        select.add("routed_model");
        select.add("tier");
        select.add("batch");
        select.add("attempt_kind");
        select.add(period(q.periodBoundaries(), dialect));
        select.add(bucket(q.longContextThresholds()));
        StringBuilder groupBy = new StringBuilder();
        for (int i = 1; i <= select.size(); i++) {
            groupBy.append(i == 1 ? "" : ", ").append(i);
        }
        return "SELECT " + String.join(", ", select) + ", count(*), count(*) - count(cost_nanos), "
                + "coalesce(sum(cost_nanos), 0)::BIGINT, sum(input_tokens)::BIGINT, sum(output_tokens)::BIGINT, "
                + "sum(coalesce(cache_5m_tokens, cache_creation_tokens))::BIGINT, "
                + "sum(coalesce(cache_1h_tokens, 0))::BIGINT, sum(cache_read_tokens)::BIGINT, "
                + "sum(web_search_requests)::BIGINT, sum(web_fetch_requests)::BIGINT FROM " + dialect.calls() + where
                + " GROUP BY " + groupBy;
    }

    /** {@code CASE WHEN ts < b1 THEN 0 ... ELSE n END}: the price period of an attempt. */
    public static String period(List<Instant> boundaries, Dialect dialect) {
        if (boundaries.isEmpty()) {
            return "0";
        }
        StringBuilder sql = new StringBuilder("CASE");
        for (int i = 0; i < boundaries.size(); i++) {
            sql.append(" WHEN ts < ")
                    .append(dialect.literal(boundaries.get(i)))
                    .append(" THEN ")
                    .append(i);
        }
        return sql.append(" ELSE ").append(boundaries.size()).append(" END").toString();
    }

    /** How many long-context thresholds an attempt's total input exceeds. */
    static String bucket(List<Long> thresholds) {
        return bucket(thresholds, "input_tokens + cache_creation_tokens + cache_read_tokens");
    }

    /** How many long-context thresholds {@code totalInput} (an expression) exceeds. */
    public static String bucket(List<Long> thresholds, String totalInput) {
        if (thresholds.isEmpty()) {
            return "0";
        }
        List<String> terms = new ArrayList<>();
        for (long t : thresholds) {
            terms.add("CASE WHEN " + totalInput + " > " + t + " THEN 1 ELSE 0 END");
        }
        return "(" + String.join(" + ", terms) + ")";
    }
}
