package ladder.store.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.UsageQuery;
import ladder.store.jdbc.LedgerSql;

/**
 * The statements that answer cost per task and usage sums from the roll-ups ({@link Rollups}) plus the raw calls they
 * do not cover. Every value is a literal made here from instants and numbers, so the statements take no parameters.
 */
final class RollupSql {

    private RollupSql() {}

    /**
     * Cost per task over the plan's window, in the columns of {@link AnalyticsSql#taskCosts}.
     *
     * <p>Per shape, a task's rows that are whole (see {@code ladder_task_sums}) and that no raw call of the window
     * adds to are its sums as they are; the rest (a task over several hours, or with raw calls) are added up again.
     */
    static String taskCosts(List<Dimension> dimensions, int limit, Rollups.Plan plan) {
        StringBuilder sql = new StringBuilder("WITH raw AS MATERIALIZED (")
                .append(plan.rawCalls(
                        "hash(task_id) AS t, task_id, step, tier, routed_model, team, project, cost_nanos"))
                .append("), rawt AS MATERIALIZED (SELECT DISTINCT t FROM raw)");
        sql.append(", p0 AS MATERIALIZED (").append(perTask(0, "task_id", plan)).append(')');
        List<Integer> shapes = new ArrayList<>();
        for (Dimension d : dimensions) {
            int shape = shape(d);
            if (shape > 0 && !shapes.contains(shape)) {
                shapes.add(shape);
                sql.append(", p")
                        .append(shape)
                        .append(" AS MATERIALIZED (")
                        .append(perTask(shape, rawKey(d), plan))
                        .append(')');
            }
        }
        String stats =
                "count(*) AS tasks, sum(n)::BIGINT AS calls, sum(u)::BIGINT AS unpriced, sum(c)::BIGINT AS total, "
                        + "quantile_disc(c, [0.5, 0.9]) AS q, max(c) AS mx";
        sql.append(", stats AS (SELECT -1 AS d, '' AS k, ").append(stats).append(" FROM p0");
        for (int i = 0; i < dimensions.size(); i++) {
            Dimension d = dimensions.get(i);
            sql.append(" UNION ALL SELECT ").append(i).append(", ");
            switch (d) {
                case ALL -> sql.append("'', ").append(stats).append(" FROM p0");
                // One task per group: its own sums are its statistics, and only the top ones are listed.
                case TASK ->
                    sql.append("* FROM (SELECT k, 1::BIGINT, n, u, c, [c, c], c FROM p0 ORDER BY c DESC, k LIMIT ")
                            .append(limit)
                            .append(')');
                case ROUTE ->
                    sql.append(LedgerSql.column(Dimension.ROUTE).replace("step", "k"))
                            .append(", ")
                            .append(stats)
                            .append(" FROM p1 GROUP BY k, tier");
                case STEP, MODEL, TEAM, PROJECT ->
                    sql.append("k, ")
                            .append(stats)
                            .append(" FROM p")
                            .append(shape(d))
                            .append(" GROUP BY k");
            }
        }
        return sql.append(
                        "), ranked AS (SELECT *, row_number() OVER (PARTITION BY d ORDER BY total DESC, k) AS rn FROM stats) "
                                + "SELECT d, k, tasks, calls, unpriced, total, q[1], q[2], mx FROM ranked WHERE d < 0 OR rn <= ")
                .append(limit)
                .append(" ORDER BY d, total DESC, k")
                .toString();
    }

    /** One shape's per-task sums over the plan: (t, k, tier, c, n, u). */
    private static String perTask(int shape, String rawKey, Rollups.Plan plan) {
        String rows = "FROM ladder_task_sums WHERE shape = " + shape + " AND " + plan.hours();
        String key = shape == 0 ? "min(k)" : "k";
        String group = shape == 0 ? "t, tier" : "t, k, tier";
        return "SELECT t, k, tier, c, n, u " + rows + " AND whole AND t NOT IN (SELECT t FROM rawt) UNION ALL "
                + "SELECT t, " + key + ", tier, sum(c)::BIGINT, sum(n)::BIGINT, sum(u)::BIGINT FROM ("
                + "SELECT t, k, tier, c, n, u " + rows + " AND NOT (whole AND t NOT IN (SELECT t FROM rawt)) "
                + "UNION ALL SELECT t, " + rawKey + ", " + (shape == 1 ? "tier" : "0")
                + ", coalesce(sum(cost_nanos), 0)::BIGINT, count(*), count(*) - count(cost_nanos) FROM raw "
                + "GROUP BY 1, 2, 3) GROUP BY " + group;
    }

    private static int shape(Dimension d) {
        return switch (d) {
            case ALL, TASK -> 0;
            case ROUTE -> 1;
            case STEP -> 2;
            case MODEL -> 3;
            case TEAM -> 4;
            case PROJECT -> 5;
        };
    }

    private static String rawKey(Dimension d) {
        return switch (d) {
            case ALL, TASK -> "task_id";
            case ROUTE, STEP -> "step";
            case MODEL -> "routed_model";
            case TEAM -> "team";
            case PROJECT -> "project";
        };
    }

    /**
     * Usage sums over the plan's window in the columns of {@link LedgerSql#usageSums}, or empty when the roll-up
     * cannot answer the query: a task key, a long-context threshold under {@link Rollups#LONG_INPUT_FLOOR}, or a price
     * period that starts within an hour.
     */
    static Optional<String> usageSums(UsageQuery q, Rollups.Plan plan) {
        if (q.keys().contains(Dimension.TASK)
                || q.longContextThresholds().stream().anyMatch(t -> t < Rollups.LONG_INPUT_FLOOR)
                || !Rollups.onHours(q.periodBoundaries())) {
            return Optional.empty();
        }
        boolean mark = q.filter() == UsageQuery.Filter.MARK_ESCALATED_REQUESTS;
        String filter = q.filter() == UsageQuery.Filter.TOLERANT_REALTIME ? " AND tolerant AND NOT batch" : "";
        String rolledUp = "SELECT hour AS ts, team, project, step, routed_model, tier, batch, attempt_kind, escalated, "
                + "tolerant, 0::BIGINT AS input_total, calls, unpriced, cost_nanos, input_tokens, output_tokens, "
                + "cache_5m_tokens, cache_1h_tokens, cache_read_tokens, web_search, web_fetch FROM ladder_usage_sums "
                + "WHERE " + plan.hours() + filter;
        String rawColumns = "ts, team, project, step, routed_model, tier, batch, attempt_kind, "
                + (mark ? "request_id IN (SELECT request_id FROM esc)" : "false")
                + " AS escalated, coalesce(latency_tolerant, false) AS tolerant, "
                + "input_tokens + cache_creation_tokens + cache_read_tokens AS input_total, 1::BIGINT AS calls, "
                + "CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END::BIGINT AS unpriced, "
                + "coalesce(cost_nanos, 0) AS cost_nanos, input_tokens, output_tokens, "
                + "coalesce(cache_5m_tokens, cache_creation_tokens) AS cache_5m_tokens, "
                + "coalesce(cache_1h_tokens, 0) AS cache_1h_tokens, cache_read_tokens, "
                + "web_search_requests AS web_search, web_fetch_requests AS web_fetch";
        String raw = "SELECT * FROM (" + plan.rawCalls(rawColumns) + " UNION ALL SELECT " + rawColumns
                + " FROM ladder_calls WHERE " + plan.coveredCalls()
                + " AND input_tokens + cache_creation_tokens + cache_read_tokens > " + Rollups.LONG_INPUT_FLOOR
                + ") WHERE true" + filter;
        List<String> select = new ArrayList<>();
        for (Dimension d : q.keys()) {
            select.add(LedgerSql.column(d));
        }
        if (mark) {
            select.add("CASE WHEN escalated THEN 'escalated' ELSE '' END");
        }
        select.add("routed_model");
        select.add("tier");
        select.add("batch");
        select.add("attempt_kind");
        select.add(LedgerSql.period(q.periodBoundaries(), DuckDbDialect.INSTANCE));
        select.add(LedgerSql.bucket(q.longContextThresholds(), "input_total"));
        StringBuilder groupBy = new StringBuilder();
        for (int i = 1; i <= select.size(); i++) {
            groupBy.append(i == 1 ? "" : ", ").append(i);
        }
        // The escalated requests, read once for the raw parts.
        String with =
                mark ? "WITH esc AS MATERIALIZED (SELECT request_id FROM ladder_calls WHERE attempt_kind = 3) " : "";
        return Optional.of(
                with + "SELECT " + String.join(", ", select) + ", sum(calls)::BIGINT, sum(unpriced)::BIGINT, "
                        + "sum(cost_nanos)::BIGINT, sum(input_tokens)::BIGINT, sum(output_tokens)::BIGINT, "
                        + "sum(cache_5m_tokens)::BIGINT, sum(cache_1h_tokens)::BIGINT, sum(cache_read_tokens)::BIGINT, "
                        + "sum(web_search)::BIGINT, sum(web_fetch)::BIGINT FROM (" + rolledUp + " UNION ALL " + raw
                        + ") GROUP BY " + groupBy);
    }

    /**
     * Cache misses at the default minimum cacheable size over the plan's window, in the columns of {@link
     * AnalyticsSql#CACHE_MISSES}. Rows of a whole task without raw calls in the window count it once per group and
     * read "written, never read" from its own cache reads; the others (tasks over several hours or with raw calls, and
     * the raw calls themselves) are counted by distinct task and judged against every task that reads in the window.
     */
    static String cacheMisses(Rollups.Plan plan) {
        String hours = "FROM ladder_cache_misses WHERE " + plan.hours();
        String direct = "whole AND t NOT IN (SELECT t FROM rawt)";
        String columns = "routed_model, block, byte_offset, context, calls, w5, w1, first_request, task_id, first_ts, "
                + "last_ts";
        String judged = "CASE WHEN cause <> 'unread' THEN cause WHEN t IN (SELECT t FROM readers) THEN NULL "
                + "ELSE 'written_never_read' END";
        // Per part, then added up: a distinct count over the few rows that need one, not over every row.
        String sums = "min(byte_offset) AS byte_offset, arg_min(context, (byte_offset, context)) AS context, "
                + "sum(calls) AS calls, %s AS tasks, sum(w5) AS w5, sum(w1) AS w1, min(first_request) AS first_request, "
                + "min(task_id) AS task_id, min(first_ts) AS first_ts, max(last_ts) AS last_ts";
        return "WITH raw AS MATERIALIZED ("
                + plan.rawCalls("hash(task_id) AS t, task_id, request_id, attempt_index, ts, routed_model, "
                        + "prefix_fingerprints, cache_creation_tokens, cache_read_tokens, input_tokens, cache_5m_tokens, "
                        + "cache_1h_tokens, prev_gap_us, prev_model_changed, prefix_extended")
                + "), rawt AS MATERIALIZED (SELECT DISTINCT t FROM raw), "
                + "readers AS MATERIALIZED (SELECT t FROM raw WHERE len(prefix_fingerprints) > 0 AND cache_read_tokens > 0 "
                + "UNION SELECT t FROM ladder_task_sums WHERE shape = 0 AND " + plan.hours()
                + " AND cache_reads AND NOT ("
                + direct + ")), "
                + "other AS (SELECT t, " + judged + " AS cause, " + columns + " " + hours + " AND NOT (" + direct + ")"
                + " UNION ALL SELECT hash(k.task_id), " + judged.replace("t IN", "hash(k.task_id) IN")
                + ", routed_model, coalesce(p.block, ''), p.byte_offset, p.context, 1, w5, w1, k.request_id, k.task_id, "
                + "k.ts, k.ts FROM (" + Rollups.missCandidates("raw") + ") k LEFT JOIN prefix_breaks p "
                + "ON p.request_id = k.request_id AND p.attempt_index = k.attempt_index AND p.ordinal = 0) "
                + "SELECT cause, routed_model, block, coalesce(min(byte_offset), -1), "
                + "coalesce(arg_min(context, (byte_offset, context)), ''), sum(calls)::BIGINT, sum(tasks)::BIGINT, "
                + "sum(w5)::BIGINT, sum(w1)::BIGINT, min(first_request), min(task_id), min(first_ts), max(last_ts) FROM ("
                + "SELECT CASE WHEN cause <> 'unread' THEN cause WHEN cache_reads THEN NULL ELSE 'written_never_read' END "
                + "AS cause, routed_model, block, " + sums.formatted("count(*)") + " " + hours + " AND " + direct
                + " GROUP BY ALL UNION ALL SELECT cause, routed_model, block, " + sums.formatted("count(DISTINCT t)")
                + " FROM other GROUP BY ALL) WHERE cause IS NOT NULL GROUP BY cause, routed_model, block ORDER BY 1, 2, 3";
    }
}
