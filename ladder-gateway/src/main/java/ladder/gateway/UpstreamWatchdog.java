package ladder.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforces the upstream's time limits from one daemon thread instead of a timed socket read per call: how long a call
 * may wait for the response head (it interrupts the waiting virtual thread, which closes its socket), and the longest
 * silence between bytes of a body, streamed or not (it closes the body).
 *
 * <p>Why not socket read timeouts: on a virtual thread every timed read arms and cancels a timer in the scheduler,
 * a wake-up of its timer thread each time; that measured about a quarter of the gateway's CPU per proxied call at
 * concurrency 1 (bench/gateway.sh). Here a call costs a set insertion and removal, and a limit is enforced between 1x
 * and 1.25x its length (checks run four times per limit, at most a second apart).
 */
final class UpstreamWatchdog implements AutoCloseable {

    private static final int CHECKS_PER_LIMIT = 4;
    private static final Duration MAX_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final long headLimitNanos;
    private final long idleLimitNanos;
    private final Duration interval;
    private final Set<Watched> open = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    UpstreamWatchdog(Duration headTimeout, Duration idleTimeout) {
        this.headLimitNanos = headTimeout.toNanos();
        this.idleLimitNanos = idleTimeout.toNanos();
        Duration shortest = headTimeout.compareTo(idleTimeout) < 0 ? headTimeout : idleTimeout;
        Duration every = shortest.dividedBy(CHECKS_PER_LIMIT);
        this.interval = every.compareTo(MAX_CHECK_INTERVAL) > 0
                ? MAX_CHECK_INTERVAL
                : every.isZero() ? Duration.ofMillis(1) : every;
        this.thread = Thread.ofPlatform()
                .name("ladder-upstream-watchdog")
                .daemon(true)
                .unstarted(this::run);
        thread.start();
    }

    /**
     * Starts timing the calling thread's wait for a response head; close the returned wait as soon as the head (or a
     * failure) is back.
     */
    HeadWait awaitHead() {
        HeadWait w = new HeadWait(Thread.currentThread());
        open.add(w);
        return w;
    }

    /** Starts watching {@code body} for silence; close the returned watch when the body is done. */
    BodyWatch watch(InputStream body) {
        BodyWatch w = new BodyWatch(body);
        open.add(w);
        return w;
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = System.nanoTime();
            for (Iterator<Watched> it = open.iterator(); it.hasNext(); ) {
                Watched w = it.next();
                if (w.expired(now)) {
                    it.remove();
                    w.cut();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    /** Something with a time limit: a wait for an answer's head, or a body. */
    sealed interface Watched permits HeadWait, BodyWatch {
        boolean expired(long now);

        void cut();
    }

    /** One call waiting for its response head. */
    final class HeadWait implements Watched, AutoCloseable {
        private static final int WAITING = 0;
        private static final int ANSWERED = 1;
        private static final int CUTTING = 2;
        private static final int CUT = 3;

        private final Thread caller;
        private final long startNanos = System.nanoTime();
        private final AtomicInteger state = new AtomicInteger(WAITING);
        // Read and written by the caller's thread only.
        private boolean ended;
        private boolean cutShort;

        private HeadWait(Thread caller) {
            this.caller = caller;
        }

        @Override
        public boolean expired(long now) {
            return now - startNanos >= headLimitNanos;
        }

        @Override
        public void cut() {
            if (state.compareAndSet(WAITING, CUTTING)) {
                caller.interrupt();
                state.set(CUT);
            }
        }

        /**
         * Ends the wait; true when the limit cut it (the caller's socket was closed by the interrupt, whose flag is
         * cleared here so the rest of the call runs normally).
         */
        boolean timedOut() {
            if (ended) {
                return cutShort;
            }
            ended = true;
            open.remove(this);
            if (state.compareAndSet(WAITING, ANSWERED)) {
                return false;
            }
            // The watchdog won: wait for its interrupt to land, then clear it.
            while (state.get() != CUT) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
            cutShort = true;
            return true;
        }

        @Override
        public void close() {
            timedOut();
        }
    }

    /** One body being watched for silence. */
    final class BodyWatch implements Watched, AutoCloseable {
        private final InputStream body;
        private volatile long lastByteNanos = System.nanoTime();

        private BodyWatch(InputStream body) {
            this.body = body;
        }

        /** Notes that bytes arrived. */
        void touch() {
            lastByteNanos = System.nanoTime();
        }

        @Override
        public boolean expired(long now) {
            return now - lastByteNanos >= idleLimitNanos;
        }

        @Override
        public void cut() {
            try {
                body.close();
            } catch (IOException e) {
                // Closing a body that already failed: nothing more to cut.
            }
        }

        @Override
        public void close() {
            open.remove(this);
        }
    }
}
