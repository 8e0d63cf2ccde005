package ladder.app.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import ladder.core.ledger.LedgerAnalytics;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.TimeWindow;
import ladder.store.duckdb.DuckDbLedgerStore;
import ladder.store.postgres.PostgresLedgerStore;
import picocli.CommandLine.Option;

/** The source and window options shared by {@code report} and {@code findings}. */
final class LedgerSource {

    /** The end of an open window: far enough for any ledger, inside every store's timestamp range. */
    static final Instant FAR_FUTURE = Instant.parse("9999-01-01T00:00:00Z");

    @Option(names = "--data", paramLabel = "FILE", description = "The DuckDB ledger file (default: ${DEFAULT-VALUE}).")
    Path data = DuckDbLedgerStore.DEFAULT_FILE;

    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "A PostgreSQL ledger instead: jdbc:postgresql://host/db?user=...&password=...")
    String store;

    @Option(
            names = "--gateway",
            paramLabel = "URL",
            description = "Read through a running gateway (it holds the DuckDB file); the key comes from"
                    + " LADDER_API_KEY.")
    String gateway;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Window start, included: a date (2026-07-01, UTC) or an ISO instant; default: the beginning.")
    String since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description = "Window end, excluded: a date or an ISO instant; default: no end.")
    String until;

    /** A store implementing both ports. */
    interface Opened extends AutoCloseable {
        LedgerStore store();

        LedgerAnalytics analytics();

        @Override
        void close();
    }

    /**
     * Opens the chosen ledger.
     *
     * @throws BadOption naming the option and what would be valid
     */
    Opened open() {
        if (store != null) {
            if (!store.startsWith("jdbc:postgresql:")) {
                throw new BadOption("--store: '" + redact(store)
                        + "' is not a PostgreSQL JDBC URL; use jdbc:postgresql://host:5432/db?user=...");
            }
            PostgresLedgerStore pg = PostgresLedgerStore.open(store);
            return of(pg, pg);
        }
        if (!Files.isRegularFile(data)) {
            throw new BadOption("--data: no ledger file at " + data
                    + "; point --data at a ledger, or create one with 'ladder ledger generate --data " + data + "'");
        }
        // Reports only read: twice as many DuckDB threads as cores (see DuckDbLedgerStore.open).
        DuckDbLedgerStore duck =
                DuckDbLedgerStore.open(data, 2 * Runtime.getRuntime().availableProcessors());
        try {
            // Closed hours not rolled up yet (a ledger from before roll-ups, or one no gateway kept up to date) are
            // rolled up once here, so this and later reports read sums instead of every call.
            duck.rollUp();
        } catch (RuntimeException e) {
            duck.close();
            throw e;
        }
        return of(duck, duck);
    }

    private static Opened of(LedgerStore store, LedgerAnalytics analytics) {
        return new Opened() {
            @Override
            public LedgerStore store() {
                return store;
            }

            @Override
            public LedgerAnalytics analytics() {
                return analytics;
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    /** Whether to read through a running gateway instead of opening a store. */
    boolean viaGateway() {
        return gateway != null;
    }

    /**
     * GETs {@code path} with this source's window (plus {@code extra} parameters) from the gateway and returns the
     * JSON body.
     *
     * @throws BadOption when the gateway cannot be reached or answers an error, with its message
     */
    String fetch(String path, Map<String, String> extra) {
        String key = System.getenv("LADDER_API_KEY");
        if (key == null || key.isBlank()) {
            // Tests cannot set the environment of their own JVM.
            key = System.getProperty("ladder.api-key");
        }
        if (key == null || key.isBlank()) {
            throw new BadOption("--gateway: set LADDER_API_KEY to a Ladder key (ladder keys create) to read reports");
        }
        StringBuilder url =
                new StringBuilder(gateway.replaceAll("/+$", "")).append(path).append('?');
        Map<String, String> query = new java.util.LinkedHashMap<>();
        if (since != null) {
            query.put("since", since);
        }
        if (until != null) {
            query.put("until", until);
        }
        query.putAll(extra);
        query.forEach((k, v) -> url.append(k)
                .append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8))
                .append('&'));
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url.toString());
        } catch (IllegalArgumentException e) {
            throw new BadOption("--gateway: '" + gateway + "' is not a URL such as http://127.0.0.1:8080");
        }
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(uri)
                                    .header("x-api-key", key)
                                    .timeout(java.time.Duration.ofMinutes(5))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new BadOption(
                        "--gateway: " + gateway + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new BadOption("--gateway: cannot reach " + gateway + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadOption("--gateway: interrupted");
        }
    }

    /** The window {@code [since, until)}. */
    TimeWindow window() {
        Instant from = since == null ? Instant.EPOCH : parse("--since", since);
        Instant to = until == null ? FAR_FUTURE : parse("--until", until);
        if (to.isBefore(from)) {
            throw new BadOption("--until (" + to + ") is before --since (" + from + ")");
        }
        return TimeWindow.of(from, to);
    }

    /** Parses a date (UTC midnight) or an ISO instant; throws {@link BadOption} naming neither option. */
    static Instant parseTime(String text) {
        return parse("time", text);
    }

    private static Instant parse(String option, String text) {
        try {
            String t = text.trim();
            return t.length() == 10
                    ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new BadOption(
                    option + ": '" + text + "' is not a date (2026-07-01) or an ISO instant (2026-07-01T12:00:00Z)");
        }
    }

    private static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }

    /** A user mistake in an option: one line, exit 1. */
    static final class BadOption extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadOption(String message) {
            super(message);
        }
    }
}
