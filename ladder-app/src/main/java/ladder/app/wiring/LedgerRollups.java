package ladder.app.wiring;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import ladder.core.StoreException;
import ladder.core.ledger.LedgerStore;
import ladder.store.duckdb.DuckDbLedgerStore;

/**
 * Keeps a DuckDB ledger's roll-ups of closed hours up to date while the gateway runs (see {@link
 * DuckDbLedgerStore#rollUp()}), on one daemon thread: once at start, for a ledger written before, then every {@link
 * #EVERY}. Rolling up never blocks the ledger writer (it has a connection of its own); a failure is logged and tried
 * again next time, since the reports stay right without roll-ups, only slower.
 */
final class LedgerRollups implements AutoCloseable {

    /** How often the roll-ups are brought up to date: a few seconds of work at most, once an hour closes. */
    static final Duration EVERY = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger("ladder.ledger");

    private final ScheduledExecutorService scheduler;

    private LedgerRollups(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts rolling up {@code store} when it is a DuckDB ledger; otherwise does nothing. */
    static LedgerRollups start(LedgerStore store) {
        if (!(store instanceof DuckDbLedgerStore duck)) {
            return new LedgerRollups(null);
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ladder-ledger-rollups");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> rollUp(duck), 0, EVERY.toSeconds(), TimeUnit.SECONDS);
        return new LedgerRollups(scheduler);
    }

    private static void rollUp(DuckDbLedgerStore store) {
        try {
            store.rollUp();
        } catch (StoreException e) {
            LOG.log(
                    Level.WARNING,
                    "ledger roll-up failed; reports read the raw calls until the next one: {0}",
                    e.getMessage());
        }
    }

    /** Stops rolling up, waiting for a roll-up under way to finish (it is one transaction either way). */
    @Override
    public void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "a ledger roll-up still runs after 30 s; closing the ledger anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
