package ladder.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
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

/**
 * The {@link LedgerStore} for shared deployments: PostgreSQL through a small HikariCP pool. Batches go in as one
 * transaction of batched inserts (the driver rewrites them into multi-row {@code INSERT}s). Repeated strings live
 * once in {@code ladder_names}. Thread-safe; several gateways may share one database.
 */
public final class PostgresLedgerStore implements LedgerStore, LedgerAnalytics {

    /**
     * Connections the pool keeps at most: one writer, a few report readers, and the budget reservations of calls in
     * flight (each holds a connection for a few milliseconds).
     */
    public static final int DEFAULT_POOL_SIZE = 8;

    private static final String COLUMNS = "ts, input_tokens, output_tokens, cache_creation_tokens, "
            + "cache_read_tokens, cache_5m_tokens, cache_1h_tokens, web_search_requests, web_fetch_requests, "
            + "cost_nanos, ttfb_micros, latency_micros, input_bytes, output_bytes, attempt_index, step_name, "
            + "team_name, project_name, key_name, requested_model_name, routed_model_name, reason_name, "
            + "service_tier_name, price_version_name, http_status, tier, attempt_kind, stream, batch, request_id, "
            + "task_id, prefix_fingerprints, body_hash, latency_tolerant, " + LedgerRows.PRECEDENT_COLUMNS;
    private static final String INSERT = "INSERT INTO ladder_calls (" + COLUMNS + ") VALUES (" + "?,".repeat(37) + "?)";
    private static final String INSERT_BREAK = "INSERT INTO prefix_breaks (ts, byte_offset, attempt_index, ordinal, "
            + "request_id, task_id, block, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final PostgresDialect DIALECT = PostgresDialect.INSTANCE;

    private final HikariDataSource pool;
    private final String where;
    private final Names names = new Names();

    private PostgresLedgerStore(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /**
     * Connects to {@code jdbcUrl} (user and password may be given as URL parameters) and brings the schema up to
     * date.
     *
     * @throws StoreException when the database cannot be reached or migrated; the message names the host and
     *     database, never the password
     */
    public static PostgresLedgerStore open(String jdbcUrl) {
        return open(jdbcUrl, "", "");
    }

    /**
     * Connects to {@code jdbcUrl} as {@code user} with {@code password} (empty: taken from the URL) and brings the
     * schema up to date.
     *
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static PostgresLedgerStore open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        // Never echo URL parameters: they may carry the password.
        String where = jdbcUrl.contains("?") ? jdbcUrl.substring(0, jdbcUrl.indexOf('?')) : jdbcUrl;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
        config.setPoolName("ladder-ledger");
        config.setMaximumPoolSize(DEFAULT_POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        // One attempt at startup: a wrong URL or a database that is down fails at once with its reason.
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to the ledger database " + where + ": " + rootMessage(e), e);
        }
        try (Connection c = pool.getConnection()) {
            PostgresDialect.MIGRATIONS.apply(c);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the ledger schema in " + where + ": " + rootMessage(e), e);
        }
        return new PostgresLedgerStore(pool, where);
    }

    @Override
    public void append(List<CallRecord> records) {
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            return;
        }
        try (Connection c = pool.getConnection()) {
            Transactions.inTransaction(c, () -> {
                names.intern(c, namesOf(records));
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    for (CallRecord r : records) {
                        bindRow(ps, r);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                if (records.stream().anyMatch(r -> !r.prefixBreaks().isEmpty())) {
                    try (PreparedStatement ps = c.prepareStatement(INSERT_BREAK)) {
                        for (CallRecord r : records) {
                            for (int i = 0; i < r.prefixBreaks().size(); i++) {
                                PrefixBreak b = r.prefixBreaks().get(i);
                                ps.setObject(1, PostgresDialect.utc(r.time()));
                                ps.setLong(2, b.byteOffset());
                                ps.setInt(3, r.attempt().index());
                                ps.setInt(4, i);
                                ps.setString(5, r.requestId());
                                ps.setString(6, r.taskId().value());
                                ps.setString(7, b.block());
                                ps.setString(8, b.context());
                                ps.addBatch();
                            }
                        }
                        ps.executeBatch();
                    }
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            throw new StoreException(
                    "cannot append " + records.size() + " records to " + where + ": " + rootMessage(e), e);
        }
    }

    @Override
    public List<CallRecord> recordsOfTask(TaskId taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return query(LedgerSql.recordsOfTask(COLUMNS), List.of(taskId.value()));
    }

    @Override
    public TaskCost costOfTask(TaskId taskId) {
        Objects.requireNonNull(taskId, "taskId");
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(LedgerSql.COST_OF_TASK)) {
            ps.setString(1, taskId.value());
            try (ResultSet rs = ps.executeQuery()) {
                return LedgerRows.taskCost(rs, taskId);
            }
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public List<TaskCost> costsOfTasksActiveSince(Instant since, int limit) {
        Objects.requireNonNull(since, "since");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(LedgerSql.COSTS_OF_TASKS_ACTIVE_SINCE)) {
            ps.setObject(1, PostgresDialect.utc(since));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                return LedgerRows.taskCosts(rs);
            }
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public LedgerPage recordsBetween(TimeWindow window, LedgerCursor cursor, int limit) {
        LedgerSql.Query page = LedgerSql.recordsBetween(COLUMNS, window, cursor, limit, DIALECT);
        return LedgerPage.of(query(page.sql(), page.parameters()), limit);
    }

    @Override
    public List<SpendLine> spendByTeamAndProject(TimeWindow window) {
        Objects.requireNonNull(window, "window");
        String sql = "SELECT team_name, project_name, coalesce(sum(cost_nanos), 0)::BIGINT, count(*), "
                + "count(*) - count(cost_nanos) FROM ladder_calls WHERE ts >= ? AND ts < ? "
                + "GROUP BY team_name, project_name";
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, PostgresDialect.utc(window.from()));
            ps.setObject(2, PostgresDialect.utc(window.to()));
            List<long[]> rows = new ArrayList<>();
            Set<Integer> ids = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new long[] {rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                    ids.add(rs.getInt(1));
                    ids.add(rs.getInt(2));
                }
            }
            names.load(c, ids);
            return rows.stream()
                    .map(row -> new SpendLine(
                            names.name((int) row[0]), names.name((int) row[1]), Money.ofNanos(row[2]), row[3], row[4]))
                    .sorted(Comparator.comparing(SpendLine::team).thenComparing(SpendLine::project))
                    .toList();
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The connection pool, shared with a {@link PostgresBudgetLedger} over the same database. */
    DataSource pool() {
        return pool;
    }

    /** The database as named in messages: the JDBC URL without its parameters (which may carry the password). */
    String where() {
        return where;
    }

    private static Set<String> namesOf(List<CallRecord> records) {
        Set<String> all = new HashSet<>();
        for (CallRecord r : records) {
            all.add(r.step());
            all.add(r.team());
            all.add(r.project());
            all.add(r.keyId());
            all.add(r.requestedModel());
            all.add(r.routedModel().value());
            all.add(r.attempt().reason());
            all.add(r.usage().serviceTier());
            if (r.cost() instanceof CallCost.Priced priced) {
                all.add(priced.priceVersion());
            }
        }
        return all;
    }

    private void bindRow(PreparedStatement ps, CallRecord r) throws SQLException {
        Usage u = r.usage();
        ps.setObject(1, PostgresDialect.utc(r.time()));
        ps.setLong(2, u.inputTokens());
        ps.setLong(3, u.outputTokens());
        ps.setLong(4, u.cacheCreationInputTokens());
        ps.setLong(5, u.cacheReadInputTokens());
        switch (u.cacheCreation()) {
            case Usage.CacheCreation.Unspecified unspecified -> {
                ps.setNull(6, Types.BIGINT);
                ps.setNull(7, Types.BIGINT);
            }
            case Usage.CacheCreation.Split split -> {
                ps.setLong(6, split.ephemeral5mInputTokens());
                ps.setLong(7, split.ephemeral1hInputTokens());
            }
        }
        ps.setLong(8, u.serverToolUse().webSearchRequests());
        ps.setLong(9, u.serverToolUse().webFetchRequests());
        switch (r.cost()) {
            case CallCost.Priced priced -> {
                ps.setLong(10, priced.amount().nanos());
                ps.setInt(24, names.id(priced.priceVersion()));
            }
            case CallCost.Unpriced unpriced -> {
                ps.setNull(10, Types.BIGINT);
                ps.setNull(24, Types.INTEGER);
            }
        }
        ps.setLong(11, r.timeToFirstByteMicros());
        ps.setLong(12, r.latencyMicros());
        ps.setLong(13, r.inputBytes());
        ps.setLong(14, r.outputBytes());
        ps.setInt(15, r.attempt().index());
        ps.setInt(16, names.id(r.step()));
        ps.setInt(17, names.id(r.team()));
        ps.setInt(18, names.id(r.project()));
        ps.setInt(19, names.id(r.keyId()));
        ps.setInt(20, names.id(r.requestedModel()));
        ps.setInt(21, names.id(r.routedModel().value()));
        ps.setInt(22, names.id(r.attempt().reason()));
        ps.setInt(23, names.id(u.serviceTier()));
        ps.setShort(25, (short) r.httpStatus());
        ps.setShort(26, (short) Codes.tier(r.tier()));
        ps.setShort(27, (short) Codes.kind(r.attempt().kind()));
        ps.setBoolean(28, r.stream());
        ps.setBoolean(29, r.batch());
        ps.setString(30, r.requestId());
        ps.setString(31, r.taskId().value());
        ps.setBytes(32, fingerprintBytes(r.prefixFingerprints()));
        ps.setLong(33, r.bodyHash());
        ps.setBoolean(34, r.latencyTolerant());
        Precedents p = r.precedents();
        if (p.followsTaskAttempt()) {
            ps.setLong(35, p.taskGapMicros());
            ps.setBoolean(36, p.modelChanged());
            ps.setBoolean(37, p.prefixExtended());
        } else {
            ps.setNull(35, Types.BIGINT);
            ps.setNull(36, Types.BOOLEAN);
            ps.setNull(37, Types.BOOLEAN);
        }
        if (p.repeatsBody()) {
            ps.setLong(38, p.repeatGapMicros());
        } else {
            ps.setNull(38, Types.BIGINT);
        }
    }

    private List<CallRecord> query(String sql, List<Object> params) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            LedgerSql.bind(ps, params);
            List<Row> rows = new ArrayList<>();
            Set<Integer> ids = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = Row.read(rs);
                    rows.add(row);
                    row.nameIds(ids);
                }
            }
            names.load(c, ids);
            List<CallRecord> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(row.toRecord(names));
            }
            return LedgerRows.withBreaks(c, DIALECT, out);
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    /** One row with its dictionary ids still unresolved. */
    private record Row(
            Instant time,
            long[] longs,
            boolean hasSplit,
            boolean priced,
            int[] nameIds,
            int httpStatus,
            int tier,
            int kind,
            boolean stream,
            boolean batch,
            String requestId,
            String taskId,
            byte[] fingerprints,
            long bodyHash,
            boolean latencyTolerant,
            Precedents precedents) {

        static Row read(ResultSet rs) throws SQLException {
            long[] longs = new long[14];
            for (int i = 0; i < 14; i++) {
                longs[i] = rs.getLong(i + 1 + 1);
            }
            boolean hasSplit = rs.getObject(6) != null;
            boolean priced = rs.getObject(10) != null;
            int[] ids = new int[9];
            for (int i = 0; i < 9; i++) {
                ids[i] = rs.getInt(16 + i);
            }
            return new Row(
                    rs.getObject(1, OffsetDateTime.class).toInstant(),
                    longs,
                    hasSplit,
                    priced,
                    ids,
                    rs.getInt(25),
                    rs.getInt(26),
                    rs.getInt(27),
                    rs.getBoolean(28),
                    rs.getBoolean(29),
                    rs.getString(30),
                    rs.getString(31),
                    rs.getBytes(32),
                    rs.getLong(33),
                    rs.getBoolean(34),
                    LedgerRows.precedents(rs, 35));
        }

        void nameIds(Set<Integer> into) {
            for (int i = 0; i < nameIds.length; i++) {
                if (i != 8 || priced) {
                    into.add(nameIds[i]);
                }
            }
        }

        CallRecord toRecord(Names names) {
            // longs[k] holds column k + 2 (1-based): input, output, cache creation, cache read, 5m, 1h, web search,
            // web fetch, cost, ttfb, latency, input bytes, output bytes, attempt index.
            Usage.CacheCreation split = hasSplit
                    ? new Usage.CacheCreation.Split(longs[4], longs[5])
                    : Usage.CacheCreation.Unspecified.INSTANCE;
            Usage usage = new Usage(
                    longs[0],
                    longs[1],
                    longs[2],
                    longs[3],
                    split,
                    new Usage.ServerToolUse(longs[6], longs[7]),
                    names.name(nameIds[7]));
            CallCost cost =
                    priced ? CallCost.priced(Money.ofNanos(longs[8]), names.name(nameIds[8])) : CallCost.unpriced();
            return new CallRecord(
                    time,
                    requestId,
                    TaskId.of(taskId),
                    names.name(nameIds[0]),
                    names.name(nameIds[1]),
                    names.name(nameIds[2]),
                    names.name(nameIds[3]),
                    names.name(nameIds[4]),
                    ModelId.of(names.name(nameIds[5])),
                    Codes.tier(tier),
                    new Attempt((int) longs[13], Codes.kind(kind), names.name(nameIds[6])),
                    httpStatus,
                    usage,
                    cost,
                    longs[9],
                    longs[10],
                    stream,
                    batch,
                    fingerprintList(fingerprints),
                    longs[11],
                    longs[12],
                    bodyHash,
                    latencyTolerant,
                    List.of(),
                    precedents);
        }
    }

    // --- LedgerAnalytics: every aggregation runs in PostgreSQL; see AnalyticsSql for the statements -----------

    @Override
    public Optional<TimeWindow> span(TimeWindow window) {
        return read(LedgerSql.span(DIALECT), window, rs -> LedgerRows.span(rs, DIALECT));
    }

    @Override
    public TaskCosts taskCosts(TimeWindow window, List<Dimension> dimensions, int limit) {
        LedgerSql.checkDimensions(dimensions, limit);
        return read(AnalyticsSql.taskCosts(dimensions, limit), window, rs -> LedgerRows.taskCosts(rs, dimensions));
    }

    @Override
    public List<UsageSums> usageSums(UsageQuery query) {
        return read(LedgerSql.usageSums(query, DIALECT), query.window(), rs -> LedgerRows.usageSums(rs, query));
    }

    @Override
    public List<CacheMisses> cacheMisses(TimeWindow window, long minCacheableTokens) {
        return read(
                AnalyticsSql.CACHE_MISSES,
                window,
                rs -> LedgerRows.cacheMisses(rs, DIALECT),
                minCacheableTokens,
                minCacheableTokens);
    }

    @Override
    public List<HiddenRetries> hiddenRetries(TimeWindow window, Duration within, int limit) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.EPOCH.plus(within));
        return read(LedgerSql.HIDDEN_RETRIES, window, rs -> LedgerRows.hiddenRetries(rs, DIALECT), micros, limit);
    }

    @Override
    public List<ModelSeen> unpricedModels(TimeWindow window) {
        return read(LedgerSql.unpricedModels(DIALECT), window, rs -> LedgerRows.modelsSeen(rs, DIALECT));
    }

    @Override
    public List<ModelSeen> priceVersions(TimeWindow window) {
        return read(LedgerSql.priceVersions(DIALECT), window, rs -> LedgerRows.modelsSeen(rs, DIALECT));
    }

    /** Reads one result set of {@code sql}, bound to the window and then {@code more} parameters. */
    private <T> T read(String sql, TimeWindow window, LedgerRows.Reader<T> reader, Object... more) {
        try (Connection c = pool.getConnection()) {
            return LedgerRows.read(c, DIALECT, sql, window, reader, more);
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    private static byte[] fingerprintBytes(List<Long> fingerprints) {
        ByteBuffer buffer = ByteBuffer.allocate(fingerprints.size() * Long.BYTES);
        fingerprints.forEach(buffer::putLong);
        return buffer.array();
    }

    private static List<Long> fingerprintList(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        List<Long> out = new ArrayList<>(bytes.length / Long.BYTES);
        while (buffer.remaining() >= Long.BYTES) {
            out.add(buffer.getLong());
        }
        return out;
    }

    private StoreException readFailure(SQLException e) {
        return new StoreException("cannot read the ledger database " + where + ": " + rootMessage(e), e);
    }

    // Identity on purpose: stops at a throwable that is its own cause.
    @SuppressWarnings("ReferenceEquality")
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
