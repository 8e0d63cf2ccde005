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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.StoreException;
import ladder.core.TaskId;
import ladder.core.Usage;
import ladder.core.ledger.Attempt;
import ladder.core.ledger.CacheMissCause;
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
import ladder.core.ledger.PrefixBreak;
import ladder.core.ledger.SpendLine;
import ladder.core.ledger.TaskCost;
import ladder.core.ledger.TaskCosts;
import ladder.core.ledger.TimeWindow;
import ladder.core.ledger.UsageQuery;
import ladder.core.ledger.UsageSums;
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
            + "coalesce(body_hash, 0), coalesce(latency_tolerant, false)";
    private static final String KEY_ORDER = " ORDER BY ts, request_id, attempt_index";

    private final Path file;
    private final DuckDBConnection connection;
    // Connections to the same open database handed to a DuckDbBudgetLedger; closed with the store, since DuckDB
    // keeps the file (and its lock) open while any connection to it is open.
    private final List<Connection> shared = new ArrayList<>();
    // Serialises the budget ledgers over this store: their check-then-hold must not interleave.
    final Object budgetLock = new Object();
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
        Objects.requireNonNull(file, "file");
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
        try {
            Migrations.apply(connection);
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
            connection.setAutoCommit(false);
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
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw new StoreException("cannot append " + records.size() + " records to " + file + ": " + e, e);
        } finally {
            autoCommitQuietly();
        }
    }

    @Override
    public synchronized List<CallRecord> recordsOfTask(TaskId taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return query("SELECT " + COLUMNS + " FROM ladder_calls WHERE task_id = ?" + KEY_ORDER, taskId.value());
    }

    @Override
    public synchronized TaskCost costOfTask(TaskId taskId) {
        Objects.requireNonNull(taskId, "taskId");
        ensureOpen();
        String sql = "SELECT coalesce(sum(cost_nanos), 0)::BIGINT, count(*), count(*) - count(cost_nanos) "
                + "FROM ladder_calls WHERE task_id = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, taskId.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new TaskCost(taskId, Money.ofNanos(rs.getLong(1)), rs.getLong(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public synchronized LedgerPage recordsBetween(TimeWindow window, LedgerCursor cursor, int limit) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1) {
            throw new IllegalArgumentException("page limit must be >= 1, was " + limit);
        }
        String base = "SELECT " + COLUMNS + " FROM ladder_calls WHERE ts >= ? AND ts < ?";
        List<CallRecord> page = switch (cursor) {
            case LedgerCursor.Start start ->
                query(base + KEY_ORDER + " LIMIT " + limit, micros(window.from()), micros(window.to()));
            case LedgerCursor.After after ->
                query(
                        base + " AND (ts, request_id, attempt_index) > (?, ?, ?)" + KEY_ORDER + " LIMIT " + limit,
                        micros(window.from()),
                        micros(window.to()),
                        micros(after.key().time()),
                        after.key().requestId(),
                        after.key().attemptIndex());
        };
        return LedgerPage.of(page, limit);
    }

    @Override
    public synchronized List<SpendLine> spendByTeamAndProject(TimeWindow window) {
        Objects.requireNonNull(window, "window");
        ensureOpen();
        String sql = "SELECT team, project, coalesce(sum(cost_nanos), 0)::BIGINT, count(*), "
                + "count(*) - count(cost_nanos) FROM ladder_calls WHERE ts >= ? AND ts < ? "
                + "GROUP BY team, project ORDER BY team, project";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, micros(window.from()), micros(window.to()));
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
        a.appendEpochMicros(micros(r.time()).value());
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
        a.endRow();
    }

    private static void appendBreaks(DuckDBAppender a, CallRecord r) throws SQLException {
        for (int i = 0; i < r.prefixBreaks().size(); i++) {
            PrefixBreak b = r.prefixBreaks().get(i);
            a.beginRow();
            a.appendEpochMicros(micros(r.time()).value());
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

    private List<CallRecord> query(String sql, Object... params) {
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            List<CallRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return withBreaks(out);
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            switch (params[i]) {
                case Micros m -> ps.setObject(i + 1, localDateTime(m.value()));
                case String s -> ps.setString(i + 1, s);
                case Integer n -> ps.setInt(i + 1, n);
                default -> throw new IllegalArgumentException("unsupported parameter " + params[i]);
            }
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
                instant(rs.getObject(1, LocalDateTime.class)),
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
                List.of());
    }

    /** Attaches the prefix breaks stored for {@code records} (read from the side table by their time range). */
    private List<CallRecord> withBreaks(List<CallRecord> records) throws SQLException {
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
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT request_id, attempt_index, block, byte_offset, context FROM prefix_breaks "
                        + "WHERE ts >= ? AND ts <= ? ORDER BY request_id, attempt_index, ordinal")) {
            bind(ps, micros(min), micros(max));
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

    private static List<Long> fingerprints(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> ((Number) v).longValue()).toList();
    }

    private record BreakKey(String requestId, int attemptIndex) {}

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
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(AnalyticsSql.SPAN)) {
            bind(ps, micros(window.from()), micros(window.to()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                LocalDateTime first = rs.getObject(1, LocalDateTime.class);
                if (first == null) {
                    return Optional.empty();
                }
                return Optional.of(TimeWindow.of(instant(first), instant(rs.getObject(2, LocalDateTime.class))));
            }
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public synchronized TaskCosts taskCosts(TimeWindow window, List<Dimension> dimensions, int limit) {
        AnalyticsSql.checkDimensions(dimensions, limit);
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(AnalyticsSql.taskCosts(dimensions, limit))) {
            bind(ps, micros(window.from()), micros(window.to()));
            try (ResultSet rs = ps.executeQuery()) {
                return AnalyticsSql.readTaskCosts(rs, dimensions);
            }
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public synchronized List<UsageSums> usageSums(UsageQuery query) {
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(AnalyticsSql.usageSums(query))) {
            bind(ps, micros(query.window().from()), micros(query.window().to()));
            try (ResultSet rs = ps.executeQuery()) {
                return AnalyticsSql.readUsageSums(rs, query);
            }
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public synchronized List<CacheMisses> cacheMisses(TimeWindow window, long minCacheableTokens) {
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(AnalyticsSql.CACHE_MISSES)) {
            bind(ps, micros(window.from()), micros(window.to()));
            ps.setLong(3, minCacheableTokens);
            List<CacheMisses> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
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
                            instant(rs.getObject(12, LocalDateTime.class)),
                            instant(rs.getObject(13, LocalDateTime.class))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public synchronized List<HiddenRetries> hiddenRetries(TimeWindow window, Duration within, int limit) {
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(AnalyticsSql.HIDDEN_RETRIES)) {
            bind(ps, micros(window.from()), micros(window.to()));
            ps.setLong(3, ChronoUnit.MICROS.between(Instant.EPOCH, Instant.EPOCH.plus(within)));
            ps.setInt(4, limit);
            List<HiddenRetries> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HiddenRetries(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getString(5),
                            instant(rs.getObject(6, LocalDateTime.class)),
                            instant(rs.getObject(7, LocalDateTime.class))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    @Override
    public synchronized List<ModelSeen> unpricedModels(TimeWindow window) {
        return seen(AnalyticsSql.UNPRICED_MODELS, window);
    }

    @Override
    public synchronized List<ModelSeen> priceVersions(TimeWindow window) {
        return seen(AnalyticsSql.PRICE_VERSIONS, window);
    }

    private List<ModelSeen> seen(String sql, TimeWindow window) {
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, micros(window.from()), micros(window.to()));
            List<ModelSeen> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ModelSeen(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getString(3),
                            instant(rs.getObject(4, LocalDateTime.class)),
                            instant(rs.getObject(5, LocalDateTime.class))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw readFailure(e);
        }
    }

    /** A TIMESTAMP parameter in epoch microseconds (UTC). */
    private record Micros(long value) {}

    private static Micros micros(Instant instant) {
        return new Micros(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
    }

    // DuckDB's TIMESTAMP has no zone: the column holds UTC wall-clock time, bound and read as LocalDateTime so the
    // JVM's default zone never shifts it.
    private static LocalDateTime localDateTime(long epochMicros) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(epochMicros, 1_000_000L),
                (int) Math.floorMod(epochMicros, 1_000_000L) * 1_000,
                ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
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

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the append already failed; its exception is the one to report
        }
    }

    private void autoCommitQuietly() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // opening already failed; that failure is reported
        }
    }
}
