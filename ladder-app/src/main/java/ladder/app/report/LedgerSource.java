package ladder.app.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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
        DuckDbLedgerStore duck = DuckDbLedgerStore.open(data);
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

    /** The window {@code [since, until)}. */
    TimeWindow window() {
        Instant from = since == null ? Instant.EPOCH : parse("--since", since);
        Instant to = until == null ? FAR_FUTURE : parse("--until", until);
        if (to.isBefore(from)) {
            throw new BadOption("--until (" + to + ") is before --since (" + from + ")");
        }
        return TimeWindow.of(from, to);
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
