package ladder.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cuts streamed answers whose upstream stays silent longer than the idle timeout, by closing their body (the JDK
 * client's body stream has no read timeout of its own). One daemon thread per gateway checks every open stream a few
 * times per timeout; a stream costs a set insertion and removal, not a thread of its own (which cost a thread start
 * and a thrown {@link InterruptedException} per streamed call).
 */
final class StreamIdleWatchdog implements AutoCloseable {

    /** Checks per idle timeout: a stalled stream is cut between 1x and 1.25x the timeout after its last byte. */
    private static final int CHECKS_PER_TIMEOUT = 4;

    private static final Duration MAX_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final long limitNanos;
    private final Duration interval;
    private final Set<Watch> open = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    StreamIdleWatchdog(Duration timeout) {
        this.limitNanos = timeout.toNanos();
        Duration every = timeout.dividedBy(CHECKS_PER_TIMEOUT);
        this.interval = every.compareTo(MAX_CHECK_INTERVAL) > 0
                ? MAX_CHECK_INTERVAL
                : every.isZero() ? Duration.ofMillis(1) : every;
        this.thread = Thread.ofPlatform()
                .name("ladder-stream-idle-watchdog")
                .daemon(true)
                .unstarted(this::run);
        thread.start();
    }

    /** Starts watching {@code body}; close the returned watch when the stream is done. */
    Watch watch(InputStream body) {
        Watch w = new Watch(body);
        open.add(w);
        return w;
    }

    // open is a ConcurrentHashMap key set: its iterator is weakly consistent, so removing while iterating is safe.
    @SuppressWarnings("ModifyCollectionInEnhancedForLoop")
    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = System.nanoTime();
            for (Watch w : open) {
                if (now - w.lastByteNanos >= limitNanos) {
                    open.remove(w);
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

    /** One stream being watched. */
    final class Watch implements AutoCloseable {
        private final InputStream body;
        private volatile long lastByteNanos = System.nanoTime();

        private Watch(InputStream body) {
            this.body = body;
        }

        /** Notes that bytes arrived. */
        void touch() {
            lastByteNanos = System.nanoTime();
        }

        private void cut() {
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
