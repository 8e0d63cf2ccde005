package ladder.store.duckdb;

import java.util.List;
import ladder.core.ledger.Dimension;
import ladder.store.jdbc.LedgerSql;

/**
 * The DuckDB-only statements behind {@link ladder.core.ledger.LedgerAnalytics} (those that read the same in
 * PostgreSQL are in {@link LedgerSql}). Every statement takes the window as its first two parameters ({@code ts >= ?
 * AND ts < ?}). Aggregations stay inside DuckDB; Java only reads the few rows they return.
 */
final class AnalyticsSql {

    private static final String WINDOW = LedgerSql.WINDOW;

    // Attempts with cache breakpoints that missed or wasted the cache, classified by the first cause that applies
    // (see ladder.core.ledger.CacheMissCause), from the precedents the gateway wrote with each attempt; a task that
    // never reads within the window makes its writes "written, never read". Parameters: the window, the minimum
    // cacheable total input, the window again, that minimum again. Two scans of the calls are cheaper than one
    // materialised CTE read twice.
    static final String CACHE_MISSES = "WITH reading AS (SELECT DISTINCT task_id FROM ladder_calls "
            + "WHERE ts >= ? AND ts < ? AND len(prefix_fingerprints) > 0 AND cache_read_tokens > 0), "
            + "k AS (SELECT task_id, request_id, attempt_index, ts, routed_model, "
            + "coalesce(cache_5m_tokens, cache_creation_tokens) AS w5, coalesce(cache_1h_tokens, 0) AS w1, "
            + missCause("?", "task_id NOT IN (SELECT task_id FROM reading)", "written_never_read") + " AS cause "
            + "FROM ladder_calls WHERE ts >= ? AND ts < ? AND " + missCandidate("?") + ") "
            + "SELECT cause, routed_model, coalesce(p.block, ''), coalesce(min(p.byte_offset), -1), "
            + "coalesce(arg_min(p.context, (p.byte_offset, p.context)), ''), count(*), count(DISTINCT k.task_id), "
            + "sum(w5)::BIGINT, sum(w1)::BIGINT, min(k.request_id), min(k.task_id), min(k.ts), max(k.ts) "
            + "FROM k LEFT JOIN prefix_breaks p ON p.request_id = k.request_id "
            + "AND p.attempt_index = k.attempt_index AND p.ordinal = 0 "
            + "WHERE cause IS NOT NULL GROUP BY cause, routed_model, coalesce(p.block, '') ORDER BY 1, 2, 3";

    /** Calls with cacheable blocks that may have missed the cache: they wrote it, or read nothing under {@code min}. */
    static String missCandidate(String min) {
        return "len(prefix_fingerprints) > 0 AND (cache_creation_tokens > 0 OR (cache_read_tokens = 0 "
                + "AND input_tokens < " + min + "))";
    }

    /**
     * The cache-miss cause of a candidate call: the first that applies of below the minimum ({@code min} tokens),
     * model switched, prefix changed, TTL expired; else {@code last} when a write was not read and {@code unread}
     * holds; else NULL.
     */
    static String missCause(String min, String unread, String last) {
        return "CASE WHEN cache_creation_tokens = 0 AND cache_read_tokens = 0 AND input_tokens < " + min
                + " THEN 'below_minimum' "
                + "WHEN prev_gap_us IS NOT NULL AND cache_creation_tokens > 0 AND cache_read_tokens = 0 "
                + "AND prev_model_changed THEN 'model_switched' "
                + "WHEN prev_gap_us IS NOT NULL AND cache_creation_tokens > 0 AND NOT prefix_extended "
                + "THEN 'prefix_changed' "
                + "WHEN prev_gap_us IS NOT NULL AND cache_creation_tokens > 0 AND cache_read_tokens = 0 AND prev_gap_us > "
                + "CASE WHEN cache_1h_tokens > 0 THEN 3600000000 ELSE 300000000 END THEN 'ttl_expired' "
                + "WHEN cache_creation_tokens > 0 AND cache_read_tokens = 0 AND " + unread + " THEN '" + last + "' END";
    }

    private AnalyticsSql() {}

    /**
     * Cost per task: one pass over the calls aggregates to (task, the dimensions' base columns), materialised once;
     * each dimension (and the overall set, {@code d = -1}) re-aggregates that much smaller table per task, and the
     * distribution per group comes from those per-task sums. Cheaper than GROUPING SETS over the raw calls, which
     * hashes every call once per set.
     */
    static String taskCosts(List<Dimension> dimensions, int limit) {
        // One pass per shape instead of one re-aggregation per dimension: the (task, step, tier) sums serve both
        // STEP and ROUTE (a route's per-task costs are exactly those rows), the per-task sums serve the overall
        // line, ALL and TASK, and each other column gets its own (task, column) sums. Tasks are grouped by the
        // 64-bit hash of their id (a collision merges two tasks with odds ~1e-7 at ten million tasks): hashing
        // integers is much cheaper than hashing strings over millions of groups.
        // Steps are grouped by the hash of their name too (a handful of names: a collision is out of reach), and
        // named once after aggregation from the few distinct names (hashed after DISTINCT, which reads the column's
        // dictionary: ~0.1 s less than hashing every call's step twice): hashing the step string once per call is
        // cheaper than carrying it as a grouping key through millions of (task, step, tier) groups.
        String sums = "coalesce(sum(c0), 0)::BIGINT AS c, count(*) AS n, count(*) - count(c0) AS u";
        String stats =
                "count(*) AS tasks, sum(n)::BIGINT AS calls, sum(u)::BIGINT AS unpriced, sum(c)::BIGINT AS total, "
                        + "quantile_disc(c, [0.5, 0.9]) AS q, max(c) AS mx";
        boolean named = dimensions.contains(Dimension.TASK);
        StringBuilder sql = new StringBuilder("WITH w AS NOT MATERIALIZED (SELECT *, cost_nanos AS c0 FROM ladder_calls"
                + WINDOW + "), per AS MATERIALIZED (SELECT hash(task_id) AS t, hash(step) AS s, tier, " + sums
                + " FROM w GROUP BY t, s, tier), steps AS MATERIALIZED (SELECT hash(step) AS s, step FROM (SELECT DISTINCT step FROM w)), "
                + "tasks AS MATERIALIZED (SELECT hash(task_id) AS t" + (named ? ", min(task_id) AS name" : "") + ", "
                + sums + " FROM w GROUP BY t)");
        for (int i = 0; i < dimensions.size(); i++) {
            if (isColumn(dimensions.get(i))) {
                sql.append(", dim")
                        .append(i)
                        .append(" AS MATERIALIZED (SELECT hash(task_id) AS t, ")
                        .append(LedgerSql.column(dimensions.get(i)))
                        .append(" AS k, ")
                        .append(sums)
                        .append(" FROM w GROUP BY t, k)");
            }
        }
        sql.append(", stats AS (SELECT -1 AS d, '' AS k, ").append(stats).append(" FROM tasks");
        for (int i = 0; i < dimensions.size(); i++) {
            sql.append(" UNION ALL SELECT ").append(i).append(", ");
            switch (dimensions.get(i)) {
                case ALL -> sql.append("'', ").append(stats).append(" FROM tasks");
                // One task per group: its own sums are its statistics, and only the top ones are listed.
                case TASK ->
                    sql.append("* FROM (SELECT name, 1::BIGINT, n, u, c, [c, c], c FROM tasks ORDER BY c DESC, name "
                                    + "LIMIT ")
                            .append(limit)
                            .append(')');
                case STEP ->
                    sql.append("step, g.* EXCLUDE (s) FROM (SELECT s, ")
                            .append(stats)
                            .append(" FROM (SELECT s, t, sum(c)::BIGINT AS c, sum(n)::BIGINT AS n, sum(u)::BIGINT AS u"
                                    + " FROM per GROUP BY s, t) GROUP BY s) g JOIN steps USING (s)");
                case ROUTE ->
                    sql.append(LedgerSql.column(Dimension.ROUTE))
                            .append(", g.* EXCLUDE (s, tier) FROM (SELECT s, tier, ")
                            .append(stats)
                            .append(" FROM per GROUP BY s, tier) g JOIN steps USING (s)");
                case MODEL, TEAM, PROJECT ->
                    sql.append("k, ")
                            .append(stats)
                            .append(" FROM dim")
                            .append(i)
                            .append(" GROUP BY k");
            }
        }
        sql.append(
                        "), ranked AS (SELECT *, row_number() OVER (PARTITION BY d ORDER BY total DESC, k) AS rn FROM stats) "
                                + "SELECT d, k, tasks, calls, unpriced, total, q[1], q[2], mx FROM ranked WHERE d < 0 OR rn <= ")
                .append(limit)
                .append(" ORDER BY d, total DESC, k");
        return sql.toString();
    }

    private static boolean isColumn(Dimension d) {
        return switch (d) {
            case MODEL, TEAM, PROJECT -> true;
            case ALL, TASK, STEP, ROUTE -> false;
        };
    }
}
