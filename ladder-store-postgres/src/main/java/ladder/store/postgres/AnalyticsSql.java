package ladder.store.postgres;

import java.util.LinkedHashSet;
import java.util.List;
import ladder.core.ledger.Dimension;
import ladder.store.jdbc.LedgerSql;

/**
 * The PostgreSQL-only statements behind {@link ladder.core.ledger.LedgerAnalytics} (those that read the same in
 * DuckDB are in {@link LedgerSql}). Every statement takes the window as its first two parameters ({@code ts >= ? AND
 * ts < ?}). Aggregations stay inside PostgreSQL, over the {@code ladder_calls_named} view (V2) that resolves the name
 * dictionary; Java only reads the few rows they return.
 */
final class AnalyticsSql {

    private static final String WINDOW = LedgerSql.WINDOW;

    // Attempts with cache breakpoints that missed or wasted the cache, classified by the first cause that applies
    // (see ladder.core.ledger.CacheMissCause), from the precedents the gateway wrote with each attempt; a task that
    // never reads within the window makes its writes "written, never read". Parameters 3 and 4: the minimum cacheable
    // total input.
    static final String CACHE_MISSES = "WITH b AS MATERIALIZED ("
            + "SELECT task_id, request_id, attempt_index, ts, routed_model, cache_creation_tokens AS cw, "
            + "cache_read_tokens AS cr, coalesce(cache_5m_tokens, cache_creation_tokens) AS w5, "
            + "coalesce(cache_1h_tokens, 0) AS w1, input_tokens + cache_creation_tokens + cache_read_tokens AS total_in, "
            + "prev_gap_us AS gap, prev_model_changed AS switched, prefix_extended AS extended "
            + "FROM ladder_calls_named" + WINDOW + " AND octet_length(prefix_fingerprints) > 0), "
            + "reading AS (SELECT DISTINCT task_id FROM b WHERE cr > 0), "
            + "k AS (SELECT b.*, CASE "
            + "WHEN cw = 0 AND cr = 0 AND total_in < ? THEN 'below_minimum' "
            + "WHEN gap IS NOT NULL AND cw > 0 AND cr = 0 AND switched THEN 'model_switched' "
            + "WHEN gap IS NOT NULL AND cw > 0 AND NOT extended THEN 'prefix_changed' "
            + "WHEN gap IS NOT NULL AND cw > 0 AND cr = 0 "
            + "AND gap > CASE WHEN w1 > 0 THEN 3600000000 ELSE 300000000 END THEN 'ttl_expired' "
            + "WHEN cw > 0 AND cr = 0 AND NOT EXISTS (SELECT 1 FROM reading r WHERE r.task_id = b.task_id) "
            + "THEN 'written_never_read' END AS cause FROM b WHERE cw > 0 OR (cr = 0 AND total_in < ?)) "
            + "SELECT cause, routed_model, coalesce(p.block, ''), coalesce(min(p.byte_offset), -1), "
            + "coalesce((array_agg(p.context ORDER BY p.byte_offset, p.context))[1], ''), count(*), count(DISTINCT k.task_id), "
            + "sum(w5)::BIGINT, sum(w1)::BIGINT, min(k.request_id), min(k.task_id), min(k.ts), max(k.ts) "
            + "FROM k LEFT JOIN prefix_breaks p ON p.request_id = k.request_id "
            + "AND p.attempt_index = k.attempt_index AND p.ordinal = 0 "
            + "WHERE cause IS NOT NULL GROUP BY cause, routed_model, coalesce(p.block, '') ORDER BY 1, 2, 3";

    private AnalyticsSql() {}

    /**
     * Cost per task: one pass over the calls aggregates to (task, the dimensions' base columns), materialised once;
     * each dimension (and the overall set, {@code d = -1}) re-aggregates that much smaller table per task, and the
     * distribution per group comes from those per-task sums. Cheaper than GROUPING SETS over the raw calls, which
     * hashes every call once per set.
     */
    static String taskCosts(List<Dimension> dimensions, int limit) {
        LinkedHashSet<String> base = new LinkedHashSet<>();
        dimensions.forEach(d -> base.addAll(LedgerSql.baseColumns(d)));
        String baseList = base.isEmpty() ? "" : ", " + String.join(", ", base);
        StringBuilder sql = new StringBuilder("WITH per AS MATERIALIZED (SELECT task_id" + baseList
                + ", coalesce(sum(cost_nanos), 0)::BIGINT AS c, count(*) AS n, count(*) - count(cost_nanos) AS u "
                + "FROM ladder_calls_named" + WINDOW + " GROUP BY task_id" + baseList + "), u AS (");
        sql.append("SELECT -1 AS d, '' AS k, task_id, sum(c) AS c, sum(n) AS n, sum(u) AS u FROM per GROUP BY task_id");
        for (int i = 0; i < dimensions.size(); i++) {
            String k = LedgerSql.column(dimensions.get(i));
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
}
