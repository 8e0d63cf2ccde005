package ladder.store.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.StoreException;
import ladder.core.TaskId;
import ladder.core.Usage;
import ladder.core.ledger.Attempt;
import ladder.core.ledger.CacheMisses;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.HiddenRetries;
import ladder.core.ledger.LedgerAnalytics;
import ladder.core.ledger.LedgerCursor;
import ladder.core.ledger.LedgerPage;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.ModelSeen;
import ladder.core.ledger.Precedents;
import ladder.core.ledger.PrefixBreak;
import ladder.core.ledger.SpendLine;
import ladder.core.ledger.TaskCost;
import ladder.core.ledger.TaskCosts;
import ladder.core.ledger.TimeWindow;
import ladder.core.ledger.UsageQuery;
import ladder.core.ledger.UsageSums;
import ladder.store.jdbc.Codes;
import ladder.store.jdbc.LedgerRows;
import ladder.store.jdbc.LedgerSql;
import ladder.store.jdbc.Transactions;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The default, embedded {@link LedgerStore}: one DuckDB file, written with DuckDB's appender (one transaction per
 * batch). One process at a time may open the file; a second gets a {@link StoreException} saying so.
 *
 * <p>Thread-safe: every method holds the store's lock, since a DuckDB connection is not safe for concurrent use; the
 * single ledger writer and occasional report reads do not contend much.
 */
public final class DuckDbLedgerStore implements LedgerStore, LedgerAnalytics {

    /** Where the ledger lives unless configured otherwise, relative to the working directory. */
    public static final Path DEFAULT_FILE = Path.of("ladder-data", "ladder.duckdb");

    private static final String COLUMNS = "ts, request_id, task_id, step, team, project, key_id, requested_model, "
            + "routed_model, tier, attempt_index, attempt_kind, attempt_reason, http_status, input_tokens, "
            + "output_tokens, cache_creation_tokens, cache_read_tokens, cache_5m_tokens, cache_1h_tokens, "
            + "web_search_requests, web_fetch_requests, service_tier, cost_nanos, price_version, ttfb_micros, "
            + "latency_micros, stream, batch, prefix_fingerprints, input_bytes, output_bytes, "
            + "coalesce(body_hash, 0), coalesce(latency_tolerant, false), " + LedgerRows.PRECEDENT_COLUMNS;
    private static final DuckDbDialect DIALECT = DuckDbDialect.INSTANCE;

    private final Path file;
    private final DuckDBConnection connection;
    // Connections to the same open database handed to a DuckDbBudgetLedger; closed with the store, since DuckDB
    // keeps the file (and its lock) open while any connection to it is open.
    private final List<Connection> shared = new ArrayList<>();
    // Serialises the budget ledgers over this store: their check-then-hold must not interleave.
    final Object budgetLock = new Object();
    private final Object rollupLock = new Object();
    private DuckDBConnection rollupConnection;
    private boolean closed;

    private DuckDbLedgerStore(Path file, DuckDBConnection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating it and its directory when missing) the ledger file and brings its schema up to date.
     *
     * @throws StoreException when the file is held by another process (a running gateway: use {@code --gateway
     *     URL}), or cannot be created or read
     */
    public static DuckDbLedgerStore open(Path file) {
        return open(file, 0);
    }

    /**
     * Opens the ledger file like {@link #open(Path)}, with DuckDB running its queries on {@code threads} threads (0:
     * DuckDB's default, one per core). A process that only reads reports gains from more threads than cores: large
     * aggregations finish about 30% sooner on two cores with four threads, since DuckDB's threads also wait on
     * memory and on each other; a gateway keeps the default, so the ledger does not compete with requests.
     *
     * @throws IllegalArgumentException when {@code threads < 0}
     */
    public static DuckDbLedgerStore open(Path file, int threads) {
        Objects.requireNonNull(file, "file");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, was " + threads);
        }
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the ledger directory " + absolute.getParent() + ": " + e, e);
        }
        DuckDBConnection connection;
        try {
            connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + absolute);
        } catch (SQLException e) {
            if (isLockConflict(e)) {
                throw new StoreException(
                        "the ledger file " + absolute + " is held by a running gateway (another process has it "
                                + "open); stop it, or point this command at it with --gateway URL instead",
                        e);
            }
            throw new StoreException("cannot open the ledger file " + absolute + ": " + e.getMessage(), e);
        }
        if (threads > 0) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET threads = " + threads);
            } catch (SQLException e) {
                closeQuietly(connection);
                throw new StoreException("cannot set DuckDB threads on " + absolute + ": " + e.getMessage(), e);
            }
        }
        try {
            DuckDbDialect.MIGRATIONS.apply(connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw new StoreException("cannot migrate the ledger schema in " + absolute + ": " + e.getMessage(), e);
        }
        return new DuckDbLedgerStore(absolute, connection);
    }

    /** The ledger file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void append(List<CallRecord> records) {
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            return;
        }
        ensureOpen();
        try {
            Transactions.inTransaction(connection, () -> {
                try (DuckDBAppender appender = connection.createAppender("ladder_calls")) {
                    for (CallRecord r : records) {
                        appendRow(appender, r);
                    }
                }
                if (records.stream().anyMatch(r -> !r.prefixBreaks().isEmpty())) {
                    try (DuckDBAppender appender = connection.createAppender("prefix_breaks")) {
                        for (CallRecord r : records) {
                            appendBreaks(appender, r);
                        }
                    }
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot append " + records.size() + " records to " + file + ": " + e, e);
        }
    }

    @Override
    public synchronized List<CallRecord> recordsOfTask(TaskId taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return query(LedgerSql.recordsOfTask(COLUMNS), List.of(taskId.value()));
    }

    @Override
    public synchronized TaskCost costOfTask(TaskId taskId) {
        Objects.requireNonNull(taskId, "taskId");
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(LedgerSql.COST_OF_TASK)) {
            ps.setString(1, taskId.value());
            try (ResultSet rs = ps.executeQuery()) {
                return LedgerRows.taskCost(rs, taskId);
            }
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public synchronized List<TaskCost> costsOfTasksActiveSince(Instant since, int limit) {
        Objects.requireNonNull(since, "since");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(LedgerSql.COSTS_OF_TASKS_ACTIVE_SINCE)) {
            LedgerSql.bind(ps, List.of(DIALECT.timestamp(since), limit));
            try (ResultSet rs = ps.executeQuery()) {
                return LedgerRows.taskCosts(rs);
            }
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public synchronized LedgerPage recordsBetween(TimeWindow window, LedgerCursor cursor, int limit) {
        LedgerSql.Query page = LedgerSql.recordsBetween(COLUMNS, window, cursor, limit, DIALECT);
        return LedgerPage.of(query(page.sql(), page.parameters()), limit);
    }

    @Override
    public synchronized List<SpendLine> spendByTeamAndProject(TimeWindow window) {
        Objects.requireNonNull(window, "window");
        ensureOpen();
        String sql = "SELECT team, project, coalesce(sum(cost_nanos), 0)::BIGINT, count(*), "
                + "count(*) - count(cost_nanos) FROM ladder_calls WHERE ts >= ? AND ts < ? "
                + "GROUP BY team, project ORDER BY team, project";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            LedgerSql.bind(ps, List.of(DIALECT.timestamp(window.from()), DIALECT.timestamp(window.to())));
            List<SpendLine> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new SpendLine(
                            rs.getString(1),
                            rs.getString(2),
                            Money.ofNanos(rs.getLong(3)),
                            rs.getLong(4),
                            rs.getLong(5)));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    /**
     * A new connection to this store's open database, for another component in this process (DuckDB lets one
     * process open the file, but any number of connections of that process use it concurrently). Closed when the
     * store closes.
     */
    synchronized DuckDBConnection share() throws SQLException {
        ensureOpen();
        DuckDBConnection duplicate = connection.duplicate();
        shared.add(duplicate);
        return duplicate;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Connection c : shared) {
                c.close();
            }
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the ledger file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void appendRow(DuckDBAppender a, CallRecord r) throws SQLException {
        Usage u = r.usage();
        a.beginRow();
        a.appendEpochMicros(DuckDbDialect.epochMicros(r.time()));
        a.append(r.requestId());
        a.append(r.taskId().value());
        a.append(r.step());
        a.append(r.team());
        a.append(r.project());
        a.append(r.keyId());
        a.append(r.requestedModel());
        a.append(r.routedModel().value());
        a.append((byte) Codes.tier(r.tier()));
        a.append(r.attempt().index());
        a.append((byte) Codes.kind(r.attempt().kind()));
        a.append(r.attempt().reason());
        a.append((short) r.httpStatus());
        a.append(u.inputTokens());
        a.append(u.outputTokens());
        a.append(u.cacheCreationInputTokens());
        a.append(u.cacheReadInputTokens());
        switch (u.cacheCreation()) {
            case Usage.CacheCreation.Unspecified unspecified -> {
                a.appendNull();
                a.appendNull();
            }
            case Usage.CacheCreation.Split split -> {
                a.append(split.ephemeral5mInputTokens());
                a.append(split.ephemeral1hInputTokens());
            }
        }
        a.append(u.serverToolUse().webSearchRequests());
        a.append(u.serverToolUse().webFetchRequests());
        a.append(u.serviceTier());
        switch (r.cost()) {
            case CallCost.Priced priced -> {
                a.append(priced.amount().nanos());
                a.append(priced.priceVersion());
            }
            case CallCost.Unpriced unpriced -> {
                a.appendNull();
                a.appendNull();
            }
        }
        a.append(r.timeToFirstByteMicros());
        a.append(r.latencyMicros());
        a.append(r.stream());
        a.append(r.batch());
        a.append(r.prefixFingerprints().stream().mapToLong(Long::longValue).toArray());
        a.append(r.inputBytes());
        a.append(r.outputBytes());
        a.append(r.bodyHash());
        a.append(r.latencyTolerant());
        Precedents p = r.precedents();
        if (p.followsTaskAttempt()) {
            a.append(p.taskGapMicros());
            a.append(p.modelChanged());
            a.append(p.prefixExtended());
        } else {
            a.appendNull();
            a.appendNull();
            a.appendNull();
        }
        if (p.repeatsBody()) {
            a.append(p.repeatGapMicros());
        } else {
            a.appendNull();
        }
        a.endRow();
    }

    private static void appendBreaks(DuckDBAppender a, CallRecord r) throws SQLException {
        for (int i = 0; i < r.prefixBreaks().size(); i++) {
            PrefixBreak b = r.prefixBreaks().get(i);
            a.beginRow();
            a.appendEpochMicros(DuckDbDialect.epochMicros(r.time()));
            a.append(r.requestId());
            a.append(r.attempt().index());
            a.append(i);
            a.append(r.taskId().value());
            a.append(b.block());
            a.append(b.byteOffset());
            a.append(b.context());
            a.endRow();
        }
    }

    private List<CallRecord> query(String sql, List<Object> params) {
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            LedgerSql.bind(ps, params);
            List<CallRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return LedgerRows.withBreaks(connection, DIALECT, out);
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    private static CallRecord read(ResultSet rs) throws SQLException {
        Usage.CacheCreation split = rs.getObject(19) == null
                ? Usage.CacheCreation.Unspecified.INSTANCE
                : new Usage.CacheCreation.Split(rs.getLong(19), rs.getLong(20));
        Usage usage = new Usage(
                rs.getLong(15),
                rs.getLong(16),
                rs.getLong(17),
                rs.getLong(18),
                split,
                new Usage.ServerToolUse(rs.getLong(21), rs.getLong(22)),
                rs.getString(23));
        long cost = rs.getLong(24);
        CallCost callCost = rs.wasNull() ? CallCost.unpriced() : CallCost.priced(Money.ofNanos(cost), rs.getString(25));
        return new CallRecord(
                DIALECT.instant(rs, 1),
                rs.getString(2),
                TaskId.of(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                ModelId.of(rs.getString(9)),
                Codes.tier(rs.getInt(10)),
                new Attempt(rs.getInt(11), Codes.kind(rs.getInt(12)), rs.getString(13)),
                rs.getInt(14),
                usage,
                callCost,
                rs.getLong(26),
                rs.getLong(27),
                rs.getBoolean(28),
                rs.getBoolean(29),
                fingerprints(rs.getArray(30)),
                rs.getLong(31),
                rs.getLong(32),
                rs.getLong(33),
                rs.getBoolean(34),
                List.of(),
                LedgerRows.precedents(rs, 35));
    }

    private static List<Long> fingerprints(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> ((Number) v).longValue()).toList();
    }

    /** Work on the raw connection, for {@link SyntheticLedger}. */
    @FunctionalInterface
    interface ConnectionWork {
        void run(DuckDBConnection connection) throws SQLException;
    }

    synchronized void generate(ConnectionWork work) {
        ensureOpen();
        try {
            work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot write synthetic records to " + file + ": " + e.getMessage(), e);
        }
    }

    // --- LedgerAnalytics: every aggregation runs in DuckDB; see AnalyticsSql for the statements ---------------

    @Override
    public synchronized Optional<TimeWindow> span(TimeWindow window) {
        return read(LedgerSql.span(DIALECT), window, rs -> LedgerRows.span(rs, DIALECT));
    }

    @Override
    public synchronized TaskCosts taskCosts(TimeWindow window, List<Dimension> dimensions, int limit) {
        LedgerSql.checkDimensions(dimensions, limit);
        return answer(
                window,
                plan -> Optional.of(RollupSql.taskCosts(dimensions, limit, plan)),
                AnalyticsSql.taskCosts(dimensions, limit),
                rs -> LedgerRows.taskCosts(rs, dimensions));
    }

    @Override
    public synchronized List<UsageSums> usageSums(UsageQuery query) {
        return answer(
                query.window(),
                plan -> RollupSql.usageSums(query, plan),
                LedgerSql.usageSums(query, DIALECT),
                rs -> LedgerRows.usageSums(rs, query));
    }

    /**
     * Brings the roll-ups of closed hours up to date (see {@link Rollups}): cheap when nothing new is old enough,
     * seconds for millions of calls not rolled up yet (one transaction per day of traffic). Runs on a connection of
     * its own, so appends and reports go on meanwhile; one roll-up at a time.
     *
     * @return whether the roll-ups moved
     * @throws StoreException when DuckDB fails (the roll-ups are then as they were)
     */
    public boolean rollUp() {
        return rollUp(Rollups.LATENESS);
    }

    /**
     * Where the roll-ups end: calls before this instant that were in the ledger at the last roll-up are covered
     * ({@link Instant#EPOCH} before the first).
     *
     * @throws StoreException when DuckDB fails
     */
    public synchronized Instant rolledUpTo() {
        ensureOpen();
        try {
            return Rollups.coverage(connection).watermark();
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    /** {@link #rollUp()} with the watermark {@code lateness} behind the latest call, for tests. */
    boolean rollUp(Duration lateness) {
        synchronized (rollupLock) {
            try {
                if (rollupConnection == null) {
                    rollupConnection = share();
                }
                boolean moved = false;
                Rollups.Step step;
                do {
                    step = Rollups.rollUp(rollupConnection, lateness);
                    moved |= step.moved();
                } while (step.more());
                return moved;
            } catch (SQLException e) {
                throw new StoreException("cannot roll up the ledger in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Answers a query over {@code window} from the roll-ups where {@code rolledUp} has a statement for the window's
     * plan (none when the plan holds no whole rolled-up hour), else with {@code rawSql} bound to the window and {@code
     * more}. The coverage and the query read one snapshot: a roll-up committing in between would otherwise count the
     * calls it covered twice (raw and rolled up).
     */
    private <T> T answer(
            TimeWindow window,
            Function<Rollups.Plan, Optional<String>> rolledUp,
            String rawSql,
            LedgerRows.Reader<T> reader,
            Object... more) {
        Objects.requireNonNull(window, "window");
        ensureOpen();
        try {
            return Transactions.inTransaction(connection, () -> {
                Rollups.Plan plan = Rollups.coverage(connection).plan(window);
                Optional<String> sql = plan.isEmpty() ? Optional.empty() : rolledUp.apply(plan);
                return sql.isPresent()
                        ? readLiteral(sql.get(), reader)
                        : LedgerRows.read(connection, DIALECT, rawSql, window, reader, more);
            });
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    private <T> T readLiteral(String sql, LedgerRows.Reader<T> reader) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return reader.read(rs);
        }
    }

    @Override
    public synchronized List<CacheMisses> cacheMisses(TimeWindow window, long minCacheableTokens) {
        return answer(
                window,
                plan -> minCacheableTokens == DEFAULT_MIN_CACHEABLE_TOKENS
                        ? Optional.of(RollupSql.cacheMisses(plan))
                        : Optional.empty(),
                AnalyticsSql.CACHE_MISSES,
                rs -> LedgerRows.cacheMisses(rs, DIALECT),
                minCacheableTokens,
                DIALECT.timestamp(window.from()),
                DIALECT.timestamp(window.to()),
                minCacheableTokens);
    }

    @Override
    public synchronized List<HiddenRetries> hiddenRetries(TimeWindow window, Duration within, int limit) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.EPOCH.plus(within));
        return read(LedgerSql.HIDDEN_RETRIES, window, rs -> LedgerRows.hiddenRetries(rs, DIALECT), micros, limit);
    }

    @Override
    public synchronized List<ModelSeen> unpricedModels(TimeWindow window) {
        return read(LedgerSql.unpricedModels(DIALECT), window, rs -> LedgerRows.modelsSeen(rs, DIALECT));
    }

    @Override
    public synchronized List<ModelSeen> priceVersions(TimeWindow window) {
        return read(LedgerSql.priceVersions(DIALECT), window, rs -> LedgerRows.modelsSeen(rs, DIALECT));
    }

    /** Reads one result set of {@code sql}, bound to the window and then {@code more} parameters. */
    private <T> T read(String sql, TimeWindow window, LedgerRows.Reader<T> reader, Object... more) {
        ensureOpen();
        try {
            return LedgerRows.read(connection, DIALECT, sql, window, reader, more);
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    private static boolean isLockConflict(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("could not set lock") || message.contains("conflicting lock");
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("the ledger store " + file + " is closed");
        }
    }

    private StoreException readFailure(SQLException e) {
        return new StoreException("cannot read the ledger file " + file + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // opening already failed; that failure is reported
        }
    }
}
