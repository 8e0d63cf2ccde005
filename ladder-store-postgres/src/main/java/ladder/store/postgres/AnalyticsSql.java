package ladder.store.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.TaskCostStats;
import ladder.core.ledger.TaskCosts;
import ladder.core.ledger.UsageQuery;
import ladder.core.ledger.UsageSums;

/**
 * The PostgreSQL statements behind {@link ladder.core.ledger.LedgerAnalytics}. Every statement takes the window as its
 * first two parameters ({@code ts >= ? AND ts < ?}). Aggregations stay inside PostgreSQL, over the {@code ladder_calls_named} view (V2) that resolves the name dictionary; Java only reads the few rows
 * they return.
 */
final class AnalyticsSql {

    private static final String WINDOW = " WHERE ts >= ? AND ts < ?";
    private static final DateTimeFormatter LITERAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    static final String SPAN = "SELECT min(ts), max(ts) FROM ladder_calls_named" + WINDOW;

    static final String UNPRICED_MODELS = "SELECT routed_model, count(*), min(request_id), min(ts), max(ts) "
            + "FROM ladder_calls_named" + WINDOW + " AND cost_nanos IS NULL GROUP BY routed_model ORDER BY 2 DESC, 1";

    static final String PRICE_VERSIONS = "SELECT price_version, count(*), min(request_id), min(ts), max(ts) "
            + "FROM ladder_calls_named" + WINDOW + " AND price_version IS NOT NULL GROUP BY price_version "
            + "ORDER BY 2 DESC, 1";

    // Consecutive attempts of a task that carry cache breakpoints, classified by the first cause that applies;
    // parameter 3: the minimum cacheable total input. See ladder.core.ledger.CacheMissCause.
    static final String CACHE_MISSES = "WITH c AS ("
            + "SELECT task_id, request_id, attempt_index, ts, routed_model, prefix_fingerprints AS fp, "
            + "cache_creation_tokens AS cw, coalesce(cache_5m_tokens, cache_creation_tokens) AS w5, "
            + "coalesce(cache_1h_tokens, 0) AS w1, cache_read_tokens AS cr, "
            + "input_tokens + cache_creation_tokens + cache_read_tokens AS total_in, "
            + "lag(prefix_fingerprints) OVER w AS pfp, lag(routed_model) OVER w AS pmodel, lag(ts) OVER w AS pts, "
            + "sum(cache_read_tokens) OVER (PARTITION BY task_id) AS task_reads "
            + "FROM ladder_calls_named" + WINDOW + " AND octet_length(prefix_fingerprints) > 0 "
            + "WINDOW w AS (PARTITION BY task_id ORDER BY ts, request_id, attempt_index)), "
            + "k AS (SELECT *, CASE "
            + "WHEN cw = 0 AND cr = 0 AND total_in < ? THEN 'below_minimum' "
            + "WHEN pmodel IS NOT NULL AND cw > 0 AND cr = 0 AND pmodel <> routed_model THEN 'model_switched' "
            + "WHEN pmodel IS NOT NULL AND cw > 0 AND NOT (octet_length(fp) >= octet_length(pfp) AND substring(fp from 1 for octet_length(pfp)) = pfp) "
            + "THEN 'prefix_changed' "
            + "WHEN pmodel IS NOT NULL AND cw > 0 AND cr = 0 AND ts - pts > "
            + "(CASE WHEN w1 > 0 THEN INTERVAL '1 hour' ELSE INTERVAL '5 minutes' END) THEN 'ttl_expired' "
            + "WHEN cw > 0 AND task_reads = 0 THEN 'written_never_read' END AS cause FROM c) "
            + "SELECT cause, routed_model, coalesce(b.block, ''), coalesce(min(b.byte_offset), -1), "
            + "coalesce((array_agg(b.context ORDER BY b.byte_offset))[1], ''), count(*), count(DISTINCT k.task_id), "
            + "sum(w5)::BIGINT, sum(w1)::BIGINT, min(k.request_id), min(k.task_id), min(k.ts), max(k.ts) "
            + "FROM k LEFT JOIN prefix_breaks b ON b.request_id = k.request_id "
            + "AND b.attempt_index = k.attempt_index AND b.ordinal = 0 "
            + "WHERE cause IS NOT NULL GROUP BY cause, routed_model, coalesce(b.block, '') ORDER BY 1, 2, 3";

    // First attempts repeating an earlier first attempt's body from the same key within parameter 3 microseconds;
    // parameter 4: the row limit.
    static final String HIDDEN_RETRIES = "WITH f AS ("
            + "SELECT task_id, request_id, ts, cost_nanos, "
            + "lag(ts) OVER (PARTITION BY key_id, body_hash ORDER BY ts, request_id) AS pts "
            + "FROM ladder_calls_named" + WINDOW + " AND attempt_index = 0 AND coalesce(body_hash, 0) <> 0), "
            + "r AS (SELECT task_id, count(*) AS n, coalesce(sum(cost_nanos), 0)::BIGINT AS c, "
            + "min(request_id) AS sample, min(ts) AS first_ts, max(ts) AS last_ts FROM f "
            + "WHERE pts IS NOT NULL AND extract(epoch FROM ts - pts) * 1000000 <= ? GROUP BY task_id), "
            + "t AS (SELECT task_id, coalesce(sum(cost_nanos), 0)::BIGINT AS tc FROM ladder_calls_named "
            + "WHERE task_id IN (SELECT task_id FROM r) AND true GROUP BY task_id) "
            + "SELECT r.task_id, n, c, tc, sample, first_ts, last_ts FROM r JOIN t ON t.task_id = r.task_id "
            + "ORDER BY c DESC, r.task_id LIMIT ?";

    private AnalyticsSql() {}

    static void checkDimensions(List<Dimension> dimensions, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("group limit must be >= 1, was " + limit);
        }
        if (dimensions.contains(Dimension.ALL) || new HashSet<>(dimensions).size() != dimensions.size()) {
            throw new IllegalArgumentException("dimensions must be distinct and not ALL, were " + dimensions);
        }
    }

    /** The column expression of a dimension. */
    static String column(Dimension d) {
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
    static List<String> baseColumns(Dimension d) {
        return switch (d) {
            case ALL, TASK -> List.of();
            case ROUTE -> List.of("step", "tier");
            case STEP -> List.of("step");
            case MODEL -> List.of("routed_model");
            case TEAM -> List.of("team");
            case PROJECT -> List.of("project");
        };
    }

    /**
     * Cost per task: one pass over the calls aggregates to (task, the dimensions' base columns), materialised once;
     * each dimension (and the overall set, {@code d = -1}) re-aggregates that much smaller table per task, and the
     * distribution per group comes from those per-task sums. Cheaper than GROUPING SETS over the raw calls, which
     * hashes every call once per set.
     */
    static String taskCosts(List<Dimension> dimensions, int limit) {
        java.util.LinkedHashSet<String> base = new java.util.LinkedHashSet<>();
        dimensions.forEach(d -> base.addAll(baseColumns(d)));
        String baseList = base.isEmpty() ? "" : ", " + String.join(", ", base);
        StringBuilder sql = new StringBuilder("WITH per AS MATERIALIZED (SELECT task_id" + baseList
                + ", coalesce(sum(cost_nanos), 0)::BIGINT AS c, count(*) AS n, count(*) - count(cost_nanos) AS u "
                + "FROM ladder_calls_named" + WINDOW + " GROUP BY task_id" + baseList + "), u AS (");
        sql.append("SELECT -1 AS d, '' AS k, task_id, sum(c) AS c, sum(n) AS n, sum(u) AS u FROM per GROUP BY task_id");
        for (int i = 0; i < dimensions.size(); i++) {
            String k = column(dimensions.get(i));
            sql.append(" UNION ALL SELECT ")
                    .append(i)
                    .append(" AS d, ")
                    .append(k)
                    .append(" AS k, task_id, sum(c), sum(n), sum(u) FROM per GROUP BY ")
                    .append(k)
                    .append(", task_id");
        }
        sql.append("), stats AS (SELECT d, k, count(*) AS tasks, sum(n)::BIGINT AS calls, sum(u)::BIGINT AS unpriced, "
                        + "sum(c)::BIGINT AS total, percentile_disc(0.5) WITHIN GROUP (ORDER BY c) AS p50, "
                        + "percentile_disc(0.9) WITHIN GROUP (ORDER BY c) AS p90, max(c) AS mx FROM u GROUP BY d, k), "
                        + "ranked AS (SELECT *, row_number() OVER (PARTITION BY d ORDER BY total DESC, k) AS rn FROM stats) "
                        + "SELECT d, k, tasks, calls, unpriced, total, p50, p90, mx FROM ranked WHERE d < 0 OR rn <= ")
                .append(limit)
                .append(" ORDER BY d, total DESC, k");
        return sql.toString();
    }

    static TaskCosts readTaskCosts(ResultSet rs, List<Dimension> dimensions) throws SQLException {
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

    static String usageSums(UsageQuery q) {
        List<String> select = new ArrayList<>();
        for (Dimension d : q.keys()) {
            select.add(column(d));
        }
        String source = "ladder_calls_named";
        String where = WINDOW;
        switch (q.filter()) {
            case ALL -> {}
            case TOLERANT_REALTIME -> where += " AND coalesce(latency_tolerant, false) AND NOT batch";
            case MARK_ESCALATED_REQUESTS -> {
                source = "(SELECT *, CASE WHEN bool_or(attempt_kind = 3) OVER (PARTITION BY request_id) "
                        + "THEN 'escalated' ELSE '' END AS escalated FROM ladder_calls_named" + WINDOW + ") AS e";
                where = " WHERE true";
                select.add("escalated");
            }
        }
        select.add("routed_model");
        select.add("tier");
        select.add("batch");
        select.add("attempt_kind");
        select.add(period(q.periodBoundaries()));
        select.add(bucket(q.longContextThresholds()));
        StringBuilder groupBy = new StringBuilder();
        for (int i = 1; i <= select.size(); i++) {
            groupBy.append(i == 1 ? "" : ", ").append(i);
        }
        return "SELECT " + String.join(", ", select) + ", count(*), count(*) - count(cost_nanos), "
                + "coalesce(sum(cost_nanos), 0)::BIGINT, sum(input_tokens)::BIGINT, sum(output_tokens)::BIGINT, "
                + "sum(coalesce(cache_5m_tokens, cache_creation_tokens))::BIGINT, "
                + "sum(coalesce(cache_1h_tokens, 0))::BIGINT, sum(cache_read_tokens)::BIGINT, "
                + "sum(web_search_requests)::BIGINT, sum(web_fetch_requests)::BIGINT FROM " + source + where
                + " GROUP BY " + groupBy;
    }

    static List<UsageSums> readUsageSums(ResultSet rs, UsageQuery q) throws SQLException {
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

    /** {@code CASE WHEN ts < b1 THEN 0 ... ELSE n END}: the price period of an attempt. */
    static String period(List<Instant> boundaries) {
        if (boundaries.isEmpty()) {
            return "0";
        }
        StringBuilder sql = new StringBuilder("CASE");
        for (int i = 0; i < boundaries.size(); i++) {
            sql.append(" WHEN ts < TIMESTAMPTZ '")
                    .append(LITERAL.format(boundaries.get(i)))
                    .append("+00' THEN ")
                    .append(i);
        }
        return sql.append(" ELSE ").append(boundaries.size()).append(" END").toString();
    }

    /** How many long-context thresholds an attempt's total input exceeds. */
    static String bucket(List<Long> thresholds) {
        if (thresholds.isEmpty()) {
            return "0";
        }
        List<String> terms = new ArrayList<>();
        for (long t : thresholds) {
            terms.add(
                    "CASE WHEN input_tokens + cache_creation_tokens + cache_read_tokens > " + t + " THEN 1 ELSE 0 END");
        }
        return "(" + String.join(" + ", terms) + ")";
    }
}
