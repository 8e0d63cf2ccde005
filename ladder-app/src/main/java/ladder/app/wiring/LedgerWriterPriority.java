package ladder.app.wiring;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * The operating-system scheduling priority of the ledger writer thread ({@code ledger.writer-priority}). The writer's
 * DuckDB appends are CPU work that nobody waits for; at normal priority they hold a core while a request thread that
 * just woke waits for it. At a lower priority a woken request thread preempts the writer at once, and the writer
 * still gets every cycle the request threads leave over.
 *
 * <p>Linux only (elsewhere every choice runs as {@link #NORMAL}). The writer thread lowers its own priority once when
 * it starts, with {@code chrt}/{@code renice} from util-linux: lowering one's own priority needs no privilege. When
 * the command is missing or refused the writer logs one warning and runs at normal priority.
 */
public enum LedgerWriterPriority {
    /** {@code SCHED_IDLE}: runs only on a core nothing else wants; any woken request thread preempts it at once. */
    IDLE,
    /** {@code SCHED_BATCH} at nice 19: a small CPU share under contention, never preempts a request thread. */
    BATCH,
    /** Unchanged: the writer competes with request threads as an equal. */
    NORMAL;

    /** The default ({@code idle}): it took the most latency off requests in {@code bench/gateway.sh}. */
    public static final LedgerWriterPriority DEFAULT = IDLE;

    /** The config spelling: {@code idle}, {@code batch} or {@code normal}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The priority spelled {@code id} (as in the config), if any. */
    public static Optional<LedgerWriterPriority> parse(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
    }

    /** Makes platform threads that lower their own priority to this one before they run their task. */
    public ThreadFactory threads() {
        return threads(ThreadScheduling.SYSTEM);
    }

    ThreadFactory threads(ThreadScheduling scheduling) {
        if (this == NORMAL) {
            return Thread.ofPlatform().factory();
        }
        return task -> Thread.ofPlatform().unstarted(() -> {
            scheduling.lowerCurrentThread(this);
            task.run();
        });
    }
}
