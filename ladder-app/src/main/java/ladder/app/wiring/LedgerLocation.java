package ladder.app.wiring;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import ladder.core.access.BudgetLedger;
import ladder.core.ledger.LedgerStore;
import ladder.store.duckdb.DuckDbBudgetLedger;
import ladder.store.duckdb.DuckDbLedgerStore;
import ladder.store.postgres.PostgresBudgetLedger;
import ladder.store.postgres.PostgresLedgerStore;

/** Where the call ledger lives: an embedded DuckDB file (the default) or a shared PostgreSQL database. */
public sealed interface LedgerLocation {

    /** The default: {@code ladder-data/ladder.duckdb} under the working directory. */
    static LedgerLocation defaults() {
        return new DuckDb(DuckDbLedgerStore.DEFAULT_FILE);
    }

    /** Parses a {@code --store} value: a {@code jdbc:postgresql:} URL; anything else is refused with the fix. */
    static LedgerLocation ofStoreUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new Postgres(url);
        }
        throw new IllegalArgumentException(
                "store URL must be a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/ladder?user=u"
                        + "&password=p; for the embedded default use --data DIR");
    }

    /** Opens the store, creating and migrating it as needed. */
    LedgerStore open();

    /**
     * The budget ledger persisted beside the call ledger in {@code store} (which this location opened): budgets
     * survive restarts, and on PostgreSQL reservations are atomic across gateway instances.
     */
    BudgetLedger budgets(LedgerStore store, Duration reservationTimeout);

    /** A DuckDB file. */
    record DuckDb(Path file) implements LedgerLocation {
        public DuckDb {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public LedgerStore open() {
            return DuckDbLedgerStore.open(file);
        }

        @Override
        public BudgetLedger budgets(LedgerStore store, Duration reservationTimeout) {
            return DuckDbBudgetLedger.open((DuckDbLedgerStore) store, InstantSource.system(), reservationTimeout);
        }

        @Override
        public String toString() {
            return file.toString();
        }
    }

    /**
     * No ledger: records are priced, metered and queued as usual, then dropped. A benchmarking aid ({@code ladder serve
     * --no-ledger}) to measure what the ledger adds; never for real traffic, since nothing is recorded.
     */
    record Discard() implements LedgerLocation {
        @Override
        public LedgerStore open() {
            return new DiscardingLedgerStore();
        }

        /** Budgets in memory only: with nothing recorded, nothing persists. */
        @Override
        public BudgetLedger budgets(LedgerStore store, Duration reservationTimeout) {
            return new ladder.core.access.InMemoryBudgetLedger();
        }

        @Override
        public String toString() {
            return "off (--no-ledger: records are discarded)";
        }
    }

    /** A PostgreSQL database. */
    record Postgres(String jdbcUrl) implements LedgerLocation {
        public Postgres {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        }

        @Override
        public LedgerStore open() {
            return PostgresLedgerStore.open(jdbcUrl);
        }

        @Override
        public BudgetLedger budgets(LedgerStore store, Duration reservationTimeout) {
            return PostgresBudgetLedger.open((PostgresLedgerStore) store, InstantSource.system(), reservationTimeout);
        }

        @Override
        public String toString() {
            // Never echo credentials that a URL may carry.
            int query = jdbcUrl.indexOf('?');
            return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        }
    }
}
