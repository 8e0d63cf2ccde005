package ladder.store.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import ladder.core.StoreException;
import org.duckdb.DuckDBConnection;

/**
 * Writes realistic synthetic call records into a DuckDB ledger, generated inside DuckDB ({@code INSERT ... SELECT
 * FROM range(n)}), so ten million rows take seconds, not minutes. For benchmarks and demos only.
 *
 * <p>Shape: 8 attempts per task (two steps of four attempts) over 30 days; five teams with three projects each;
 * step types from classify to reason, each on its default tier, 8% one tier up and escalations one tier up (so
 * some frontier); 90% first attempts, 5% retries, 2% fallbacks,
 * 3% escalations; about 30% of attempts write and 50% read the prompt cache; 5% batch; 10% latency-tolerant; 0.1% on
 * an unknown model (unpriced). Costs use the built-in list prices (rounded down to a nano-dollar). Deterministic for a
 * given seed.
 */
public final class SyntheticLedger {

    /** Where synthetic time starts. */
    public static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

    /** How long synthetic traffic lasts. */
    public static final Duration SPAN = Duration.ofDays(30);

    private static final long CHUNK = 2_000_000;

    private SyntheticLedger() {}

    /**
     * Appends {@code records} synthetic records to {@code store}, then rolls up the whole ledger again (see {@link
     * DuckDbLedgerStore#rollUp()}).
     *
     * @throws IllegalArgumentException when {@code records < 0}
     * @throws StoreException when DuckDB fails
     */
    public static void generate(DuckDbLedgerStore store, long records, long seed) {
        Objects.requireNonNull(store, "store");
        if (records < 0) {
            throw new IllegalArgumentException("records must be >= 0, was " + records);
        }
        store.generate(connection -> {
            for (long from = 0; from < records; from += CHUNK) {
                insert(connection, from, Math.min(records, from + CHUNK), records, seed);
            }
            // The precedents a gateway would have written, computed once over the generated rows. They may also
            // change rows that were already in the ledger (tasks with the same ids), so the roll-ups start again.
            Rollups.reset(connection);
            try (Statement s = connection.createStatement()) {
                for (String sql : DuckDbDialect.MIGRATIONS.statementsOf(DuckDbDialect.PRECEDENTS_BACKFILL)) {
                    s.execute(sql);
                }
            }
        });
        store.rollUp();
    }

    private static void insert(DuckDBConnection c, long from, long to, long total, long seed) throws SQLException {
        long spanMicros = SPAN.toSeconds() * 1_000_000L;
        long startMicros = START.getEpochSecond() * 1_000_000L;
        String h = "(hash(i + " + seed + " * 1000003 + %d) %% 1000000007)::BIGINT";
        String sql = "INSERT INTO ladder_calls SELECT "
                + "make_timestamp((" + startMicros + " + i::HUGEINT * " + spanMicros + " // " + Math.max(1, total)
                + ")::BIGINT) AS ts, "
                + "'r' || i, 't' || (i // 8), "
                + "['classify','extract','plan','execute','summarize','draft','reason','tool_call'][s8 + 1], "
                + "['payments','research','support','growth','infra'][((i // 8) % 5) + 1], "
                + "['payments','research','support','growth','infra'][((i // 8) % 5) + 1] || '-' || ((i // 40) % 3), "
                + "'key-' || ((i // 8) % 50), '', "
                + "CASE WHEN " + h(h, 9) + " % 1000 = 0 THEN 'claude-mystery-9' ELSE "
                + "['claude-haiku-4-5','claude-sonnet-4-6','claude-opus-4-8','claude-fable-5'][tier] END, "
                + "tier, CASE WHEN kind = 0 THEN 0 ELSE 1 END, kind, "
                + "CASE kind WHEN 0 THEN '' WHEN 1 THEN 'overloaded' WHEN 2 THEN '529' ELSE 'low-confidence' END, "
                + "200, inp, outp, cw, cr, NULL, NULL, 0, 0, 'standard', "
                + "CASE WHEN " + h(h, 9) + " % 1000 = 0 THEN NULL ELSE "
                + "((inp * rate + cw * rate * 5 // 4 + cr * rate // 10 + outp * rate * 5) // 1000000) "
                + "// (CASE WHEN batch THEN 2 ELSE 1 END) END, "
                + "CASE WHEN " + h(h, 9) + " % 1000 = 0 THEN NULL ELSE 'anthropic@2026-06-09' END, "
                + "100000 + " + h(h, 10) + " % 500000, 2000000 + " + h(h, 10) + " % 9000000, true, batch, "
                + "CASE WHEN cw + cr > 0 THEN [(" + h(h, 11) + " % 4)::BIGINT, (i // 8)::BIGINT] ELSE [] END, "
                + "inp * 4, outp * 4, " + h(h, 12) + " % 100000 + 1, " + h(h, 13) + " % 10 = 0, NULL, NULL, NULL, NULL "
                + "FROM (SELECT i, s8, tier, kind, batch, "
                + "[1000000000, 3000000000, 5000000000, 10000000000][tier] AS rate, "
                + "500 + " + h(h, 3) + " % 5000 AS inp, 100 + " + h(h, 4) + " % 1500 AS outp, "
                + "CASE WHEN c10 < 3 THEN 2000 + " + h(h, 6) + " % 8000 ELSE 0 END AS cw, "
                + "CASE WHEN c10 >= 3 AND c10 < 8 THEN 3000 + " + h(h, 7) + " % 20000 ELSE 0 END AS cr "
                + "FROM (SELECT i, s8, "
                + "least(4, [1, 1, 3, 2, 2, 2, 3, 2][s8 + 1] + CASE WHEN k100 >= 97 OR t100 < 8 THEN 1 ELSE 0 END)"
                + " AS tier, "
                + "CASE WHEN k100 < 90 THEN 0 WHEN k100 < 95 THEN 1 WHEN k100 < 97 THEN 2 ELSE 3 END AS kind, "
                + h(h, 8) + " % 100 < 5 AS batch, " + h(h, 5) + " % 10 AS c10 "
                + "FROM (SELECT range AS i, (hash(range // 4 + " + seed + ") % 8)::INTEGER AS s8, "
                + h("(hash(range + " + seed + " * 1000003 + %d) %% 1000000007)::BIGINT", 2) + " % 100 AS t100, "
                + h("(hash(range + " + seed + " * 1000003 + %d) %% 1000000007)::BIGINT", 14)
                + " % 100 AS k100 FROM range(" + from + ", " + to
                + "))))";
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String h(String pattern, int salt) {
        return String.format(java.util.Locale.ROOT, pattern, salt);
    }
}
