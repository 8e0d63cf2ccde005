package ladder.store.duckdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import ladder.core.ledger.LedgerAnalytics;
import ladder.core.ledger.TimeWindow;
import ladder.store.jdbc.Transactions;

/**
 * The roll-ups of closed hours (migration V6, ADR 0006): per-task sums by shape ({@code ladder_task_sums}), usage
 * sums by pricing inputs ({@code ladder_usage_sums}) and cache misses by cause ({@code ladder_cache_misses}). They cover the calls with {@code rowid <= covered_rowid} and
 * {@code ts < watermark}; a report reads them for the whole hours of its window and reads every other call raw (the
 * window's partial hours, the calls after the watermark, and calls appended after the hour was rolled up), so the
 * answer is the one the raw calls give.
 *
 * <p>The watermark follows the data, not a clock: it is the start of the hour that holds the latest call minus
 * {@link #LATENESS}, so that a request's later attempts (an escalation) are in the ledger before its first attempt
 * is rolled up.
 */
final class Rollups {

    /** How far behind the latest call the watermark stays. */
    static final Duration LATENESS = Duration.ofHours(1);

    /** How much traffic one roll-up transaction covers at most. */
    static final Duration MAX_STEP = Duration.ofDays(1);

    /**
     * Calls whose total input exceeds this many tokens are left out of the usage roll-up (read raw), since long-context
     * prices start above thresholds of at least this size.
     */
    static final long LONG_INPUT_FLOOR = 200_000;

    /** The key of each shape of {@code ladder_task_sums}, by shape number (see migration V6). */
    private static final List<String> SHAPE_KEYS =
            List.of("min(task_id)", "step", "step", "routed_model", "team", "project");

    /** The calls the roll-ups cover: {@code rowid <= rowid AND ts < watermark}. */
    record Coverage(long rowid, Instant watermark) {
        static final Coverage NONE = new Coverage(-1, Instant.EPOCH);

        Coverage {
            Objects.requireNonNull(watermark, "watermark");
        }

        /**
         * The whole hours of {@code window} the roll-ups answer for: {@code [ceil(from), min(floor(to), watermark))},
         * empty (from == to) when there is none.
         */
        Plan plan(TimeWindow window) {
            Instant from = ceilHour(window.from());
            Instant to = floorHour(window.to());
            if (to.isAfter(watermark)) {
                to = watermark;
            }
            if (!to.isAfter(from)) {
                to = from;
            }
            return new Plan(window, from, to, rowid);
        }
    }

    /**
     * How one query over {@code window} splits: the roll-ups for hours {@code [from, to)} (calls with rowid at most
     * {@code rowid}), raw calls for the rest.
     */
    record Plan(TimeWindow window, Instant from, Instant to, long rowid) {

        /** Whether no whole hour of the window is rolled up (the raw statement is then cheaper). */
        boolean isEmpty() {
            return !to.isAfter(from);
        }

        /** The window's calls that the roll-ups do not cover, as a statement selecting {@code columns}. */
        String rawCalls(String columns) {
            String select = "SELECT " + columns + " FROM ladder_calls WHERE ";
            return select + "ts >= " + lit(window.from()) + " AND ts < " + lit(from) + " UNION ALL " + select
                    + "ts >= " + lit(to) + " AND ts < " + lit(window.to()) + " UNION ALL " + select + "ts >= "
                    + lit(from) + " AND ts < " + lit(to) + " AND rowid > " + rowid;
        }

        /** The condition on roll-up rows: their hour is one of the plan's. */
        String hours() {
            return "hour >= " + lit(from) + " AND hour < " + lit(to);
        }

        /** The condition on calls: covered by the plan's roll-up hours. */
        String coveredCalls() {
            return "ts >= " + lit(from) + " AND ts < " + lit(to) + " AND rowid <= " + rowid;
        }
    }

    private Rollups() {}

    /** The coverage recorded in {@code ladder_rollup_state}. */
    static Coverage coverage(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT covered_rowid, epoch_us(watermark) FROM ladder_rollup_state")) {
            if (!rs.next()) {
                return Coverage.NONE;
            }
            return new Coverage(rs.getLong(1), Instant.EPOCH.plus(rs.getLong(2), ChronoUnit.MICROS));
        }
    }

    /** What one {@link #rollUp} did: whether the coverage moved, and whether more is left for another. */
    record Step(boolean moved, boolean more) {
        static final Step NOTHING = new Step(false, false);
    }

    /**
     * Rolls up the calls not covered yet, up to the hour {@code lateness} before the latest call but at most {@link
     * #MAX_STEP} of traffic past the current watermark, in one transaction on {@code c}: a ledger far behind (months
     * of calls never rolled up) is caught up in steps of bounded memory and transaction size.
     */
    static Step rollUp(Connection c, Duration lateness) throws SQLException {
        Coverage old = coverage(c);
        long rowid;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(rowid) FROM ladder_calls")) {
            rs.next();
            rowid = rs.getLong(1);
            if (rs.wasNull()) {
                return Step.NOTHING;
            }
        }
        // Only calls from the watermark on can move it (without any, it stays); the time filter skips the row
        // groups before it.
        Instant target = old.watermark();
        Instant earliest = old.watermark();
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT epoch_us(min(ts)), epoch_us(max(ts)) FROM ladder_calls WHERE ts >= "
                                + lit(old.watermark()))) {
            rs.next();
            long min = rs.getLong(1);
            if (!rs.wasNull()) {
                earliest = Instant.EPOCH.plus(min, ChronoUnit.MICROS);
                Instant latest = Instant.EPOCH.plus(rs.getLong(2), ChronoUnit.MICROS);
                target = floorHour(latest.minus(lateness));
            }
        }
        // The first step starts at the earliest call not covered, not at the epoch.
        Instant from = old.watermark().isAfter(earliest) ? old.watermark() : floorHour(earliest);
        Instant watermark = target.isAfter(from.plus(MAX_STEP)) ? from.plus(MAX_STEP) : target;
        if (watermark.isBefore(old.watermark())) {
            watermark = old.watermark();
        }
        boolean more = watermark.isBefore(target);
        Coverage next = new Coverage(rowid, watermark);
        if (next.equals(old)) {
            return Step.NOTHING;
        }
        // Calls appended since the last roll-up that are old enough now, then older calls the watermark passed.
        String fresh = "rowid > " + old.rowid() + " AND rowid <= " + rowid + " AND ts < " + lit(watermark);
        String passed =
                "rowid <= " + old.rowid() + " AND ts >= " + lit(old.watermark()) + " AND ts < " + lit(watermark);
        boolean any;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM ladder_calls WHERE " + fresh
                        + ") + (SELECT count(*) FROM ladder_calls WHERE " + passed + ")")) {
            rs.next();
            any = rs.getLong(1) > 0;
        }
        Instant to = watermark;
        return Transactions.inTransaction(c, () -> {
            try (Statement s = c.createStatement()) {
                if (any) {
                    String calls = "(SELECT * FROM ladder_calls WHERE " + fresh + " UNION ALL SELECT * FROM "
                            + "ladder_calls WHERE " + passed + ")";
                    rollUpTasks(s, calls);
                    rollUpUsage(s, calls, rowid);
                }
                s.execute("UPDATE ladder_rollup_state SET covered_rowid = " + rowid + ", watermark = " + lit(to));
            }
            return new Step(true, more);
        });
    }

    /**
     * Drops every roll-up, so the next {@link #rollUp} covers the whole ledger again: for writes that change calls
     * already rolled up (the synthetic generator's precedent backfill). Runs in the caller's transaction, if any.
     */
    static void reset(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM ladder_task_sums");
            s.execute("DELETE FROM ladder_usage_sums");
            s.execute("DELETE FROM ladder_cache_misses");
            s.execute("UPDATE ladder_rollup_state SET covered_rowid = " + Coverage.NONE.rowid() + ", watermark = "
                    + lit(Coverage.NONE.watermark()));
        }
    }

    private static void rollUpTasks(Statement s, String calls) throws SQLException {
        // A task's new rows are whole when its new calls fall in one hour and it has no roll-up rows yet; a task seen
        // again makes its earlier rows partial too.
        s.execute("CREATE OR REPLACE TEMP TABLE ladder_new_task_hours AS SELECT date_trunc('hour', ts) AS hour, "
                + "hash(task_id) AS t, bool_or(len(prefix_fingerprints) > 0 AND cache_read_tokens > 0) AS cache_reads "
                + "FROM " + calls + " GROUP BY ALL");
        s.execute("CREATE OR REPLACE TEMP TABLE ladder_new_tasks AS SELECT t, count(*) = 1 AND t NOT IN "
                + "(SELECT t FROM ladder_task_sums WHERE shape = 0) AS whole FROM ladder_new_task_hours GROUP BY t");
        s.execute("UPDATE ladder_task_sums SET whole = false WHERE whole AND t IN (SELECT t FROM ladder_new_tasks)");
        s.execute("UPDATE ladder_cache_misses SET whole = false WHERE whole AND t IN (SELECT t FROM ladder_new_tasks)");
        s.execute("CREATE OR REPLACE TEMP TABLE ladder_new_task_hours AS SELECT h.hour, h.t, h.cache_reads, w.whole "
                + "FROM ladder_new_task_hours h JOIN ladder_new_tasks w ON w.t = h.t");
        for (int shape = 0; shape < SHAPE_KEYS.size(); shape++) {
            String key = SHAPE_KEYS.get(shape);
            String group = shape == 0 ? "" : ", " + key;
            String tier = shape == 1 ? "tier" : "0";
            s.execute("INSERT INTO ladder_task_sums SELECT g.hour, " + shape + ", g.t, g.k, g.tier, g.c, g.n, g.u, "
                    + "h.whole, h.cache_reads FROM (SELECT date_trunc('hour', ts) AS hour, hash(task_id) AS t, " + key
                    + " AS k, " + tier + " AS tier, coalesce(sum(cost_nanos), 0)::BIGINT AS c, count(*) AS n, "
                    + "count(*) - count(cost_nanos) AS u FROM " + calls + " GROUP BY hour, t" + group
                    + (shape == 1 ? ", tier" : "")
                    + ") g JOIN ladder_new_task_hours h ON h.hour = g.hour AND h.t = g.t");
        }
        s.execute("INSERT INTO ladder_cache_misses SELECT g.*, h.whole, h.cache_reads FROM (SELECT date_trunc('hour', "
                + "k.ts) AS hour, hash(k.task_id) AS t, cause, routed_model, coalesce(p.block, '') AS block, "
                + "min(p.byte_offset), arg_min(p.context, (p.byte_offset, p.context)), count(*), sum(w5)::BIGINT, sum(w1)::BIGINT, "
                + "min(k.request_id), min(k.task_id), min(k.ts), max(k.ts) FROM (" + missCandidates(calls) + ") k "
                + "LEFT JOIN prefix_breaks p ON p.request_id = k.request_id AND p.attempt_index = k.attempt_index "
                + "AND p.ordinal = 0 WHERE cause IS NOT NULL GROUP BY ALL) g "
                + "JOIN ladder_new_task_hours h ON h.hour = g.hour AND h.t = g.t "
                // An unread write of a task that reads in the same hour is never "written, never read" in a window
                // that holds the hour.
                + "WHERE NOT (g.cause = 'unread' AND h.cache_reads)");
        s.execute("DROP TABLE ladder_new_task_hours");
        s.execute("DROP TABLE ladder_new_tasks");
    }

    /**
     * The calls among {@code source} that may have missed the cache at the default minimum cacheable size, with
     * their cause ({@code 'unread'} where only "written, never read" could apply): task_id, request_id,
     * attempt_index, ts, routed_model, w5, w1, cause.
     */
    static String missCandidates(String source) {
        String min = Long.toString(LedgerAnalytics.DEFAULT_MIN_CACHEABLE_TOKENS);
        return "SELECT task_id, request_id, attempt_index, ts, routed_model, "
                + "coalesce(cache_5m_tokens, cache_creation_tokens) AS w5, coalesce(cache_1h_tokens, 0) AS w1, "
                + AnalyticsSql.missCause(min, "true", "unread") + " AS cause FROM " + source + " WHERE "
                + AnalyticsSql.missCandidate(min);
    }

    private static void rollUpUsage(Statement s, String calls, long rowid) throws SQLException {
        s.execute("INSERT INTO ladder_usage_sums SELECT date_trunc('hour', ts), team, project, step, routed_model, "
                + "tier, batch, attempt_kind, request_id IN (SELECT request_id FROM ladder_calls WHERE attempt_kind = 3 "
                + "AND rowid <= " + rowid + "), coalesce(latency_tolerant, false), " + USAGE_SUMS + " FROM " + calls
                + " WHERE input_tokens + cache_creation_tokens + cache_read_tokens <= " + LONG_INPUT_FLOOR
                + " GROUP BY ALL");
    }

    /** The usage sums of raw calls, in {@code ladder_usage_sums}' order. */
    static final String USAGE_SUMS = "count(*), count(*) - count(cost_nanos), coalesce(sum(cost_nanos), 0)::BIGINT, "
            + "sum(input_tokens)::BIGINT, sum(output_tokens)::BIGINT, "
            + "sum(coalesce(cache_5m_tokens, cache_creation_tokens))::BIGINT, "
            + "sum(coalesce(cache_1h_tokens, 0))::BIGINT, sum(cache_read_tokens)::BIGINT, "
            + "sum(web_search_requests)::BIGINT, sum(web_fetch_requests)::BIGINT";

    /** Whether every instant is on an hour. */
    static boolean onHours(List<Instant> instants) {
        return instants.stream().allMatch(i -> i.equals(floorHour(i)));
    }

    static Instant floorHour(Instant i) {
        return i.truncatedTo(ChronoUnit.HOURS);
    }

    static Instant ceilHour(Instant i) {
        Instant floor = floorHour(i);
        return floor.equals(i) ? i : floor.plus(1, ChronoUnit.HOURS);
    }

    /** A TIMESTAMP literal (UTC, to the microsecond). */
    static String lit(Instant i) {
        return DuckDbDialect.INSTANCE.literal(i);
    }
}
