package ladder.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import ladder.core.ModelId;
import ladder.core.Sleeper;
import ladder.core.StoreException;
import ladder.core.TaskId;
import ladder.core.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AsyncLedgerWriterTest {

    // An hour: batches flush by size or on close only, so tests never depend on wall-clock timing.
    private static final LedgerWriterConfig CONFIG = LedgerWriterConfig.defaults()
            .withQueue(1_000, 50)
            .withFlushInterval(Duration.ofHours(1))
            .withMaxProducerWait(Duration.ofMillis(20));

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Sleeper sleeper = waits::add;

    // Captures the writer's log lines (System.Logger goes to java.util.logging here) and keeps them off the console.
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger julLogger = Logger.getLogger(AsyncLedgerWriter.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        julLogger.setUseParentHandlers(false);
        julLogger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        julLogger.removeHandler(capture);
        julLogger.setUseParentHandlers(true);
    }

    private List<String> logLines(java.util.logging.Level level) {
        return logged.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                .toList();
    }

    @Nested
    class Batching {

        @Test
        void close_recordsQueued_flushesAllInOrder() {
            ListSink sink = new ListSink();
            AsyncLedgerWriter writer = AsyncLedgerWriter.start(sink, CONFIG, sleeper);
            List<CallRecord> sent = records(0, 120);
            sent.forEach(r -> assertThat(writer.submit(r)).isEqualTo(Submission.Accepted.INSTANCE));

            writer.close();

            assertThat(sink.stored()).containsExactlyElementsOf(sent);
            assertThat(sink.batchSizes()).allMatch(n -> n <= 50);
            assertThat(writer.stats()).isEqualTo(new WriterStats(0, 0, 120, 0, 0));
        }

        @Test
        void submit_fullBatch_flushesBeforeTheInterval() throws InterruptedException {
            ListSink sink = new ListSink();
            try (AsyncLedgerWriter writer = AsyncLedgerWriter.start(sink, CONFIG, sleeper)) {
                records(0, 50).forEach(writer::submit);

                assertThat(sink.awaitStored(50)).isTrue();
                assertThat(sink.batchSizes()).containsExactly(50);
            }
        }

        @Test
        void submit_partialBatch_flushesAfterTheInterval() throws InterruptedException {
            ListSink sink = new ListSink();
            LedgerWriterConfig shortInterval = CONFIG.withFlushInterval(Duration.ofMillis(5));
            try (AsyncLedgerWriter writer = AsyncLedgerWriter.start(sink, shortInterval, sleeper)) {
                records(0, 3).forEach(writer::submit);

                assertThat(sink.awaitStored(3)).isTrue();
            }
        }

        @Test
        void submit_afterClose_isRejected() {
            AsyncLedgerWriter writer = AsyncLedgerWriter.start(new ListSink(), CONFIG, sleeper);
            writer.close();

            assertThat(writer.submit(record(1))).isInstanceOf(Submission.Rejected.class);
            assertThat(writer.stats().rejectedRecords()).isEqualTo(1);
        }

        @Test
        void close_calledTwice_isHarmless() {
            ListSink sink = new ListSink();
            AsyncLedgerWriter writer = AsyncLedgerWriter.start(sink, CONFIG, sleeper);
            writer.submit(record(1));
            writer.close();
            writer.close();

            assertThat(sink.stored()).hasSize(1);
        }
    }

    @Nested
    class Outage {

        @Test
        void append_storeDownMidTraffic_losesNothingOnceBack() {
            // Calls 3 to 7 fail: two batches went through, then the store is down for five flush attempts.
            ListSink sink = new ListSink().failingCalls(3, 7);
            AsyncLedgerWriter writer = AsyncLedgerWriter.start(sink, CONFIG, sleeper);
            List<CallRecord> sent = records(0, 400);

            sent.forEach(r -> assertThat(writer.submit(r)).isEqualTo(Submission.Accepted.INSTANCE));
            writer.close();

            assertThat(sink.stored()).containsExactlyElementsOf(sent);
            assertThat(writer.stats().failedFlushes()).isEqualTo(5);
            assertThat(writer.stats().unstoredRecords()).isZero();
            assertThat(waits)
                    .containsExactly(
                            Duration.ofMillis(100),
                            Duration.ofMillis(200),
                            Duration.ofMillis(400),
                            Duration.ofMillis(800),
                            Duration.ofMillis(1600));
            assertThat(logLines(java.util.logging.Level.WARNING))
                    .containsExactly("ledger store unavailable; keeping 50 records and retrying with backoff: "
                            + "store down (call 3)");
            assertThat(logLines(java.util.logging.Level.INFO))
                    .containsExactly("ledger store available again after 5 failed flushes; stored 50 records");
        }

        @Test
        void close_storeStaysDown_givesUpAfterCloseTimeoutAndCountsUnstored() {
            ListSink sink = new ListSink().failingCalls(1, Integer.MAX_VALUE);
            LedgerWriterConfig config = CONFIG.withCloseTimeout(Duration.ofSeconds(1));
            AsyncLedgerWriter writer = AsyncLedgerWriter.start(sink, config, sleeper);
            records(0, 70).forEach(writer::submit);

            writer.close();

            assertThat(sink.stored()).isEmpty();
            assertThat(writer.stats().unstoredRecords()).isEqualTo(70);
            assertThat(writer.stats().failedFlushes()).isPositive();
            assertThat(logLines(java.util.logging.Level.SEVERE))
                    .containsExactly(
                            "ledger writer closed with 70 records not stored: the ledger store stayed unavailable");
            assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Nested
    class BackPressure {

        @Test
        void submit_queueFullWhileStoreStalls_blocksThenRejectsAndCounts() throws InterruptedException {
            ListSink sink = new ListSink().stallingFirstCall();
            LedgerWriterConfig small = CONFIG.withQueue(10, 5);
            AsyncLedgerWriter writer = AsyncLedgerWriter.start(sink, small, sleeper);
            records(0, 5).forEach(writer::submit);
            assertThat(sink.awaitFirstCall()).isTrue(); // the writer holds records 0..4 in a stalled append
            records(5, 15).forEach(r -> assertThat(writer.submit(r)).isEqualTo(Submission.Accepted.INSTANCE));

            Submission overflow = writer.submit(record(15));

            assertThat(overflow).isInstanceOf(Submission.Rejected.class);
            assertThat(((Submission.Rejected) overflow).reason()).contains("ledger queue full (10 records)");
            assertThat(writer.stats()).isEqualTo(new WriterStats(10, 15, 0, 0, 1));

            sink.release();
            writer.close();
            assertThat(sink.stored()).containsExactlyElementsOf(records(0, 15));
        }

        @Test
        void submit_queueFullThenDrained_acceptsWithinTheWait() throws InterruptedException {
            ListSink sink = new ListSink().stallingFirstCall();
            LedgerWriterConfig patient = CONFIG.withQueue(10, 5).withMaxProducerWait(Duration.ofSeconds(5));
            AsyncLedgerWriter writer = AsyncLedgerWriter.start(sink, patient, sleeper);
            records(0, 5).forEach(writer::submit);
            assertThat(sink.awaitFirstCall()).isTrue();
            records(5, 15).forEach(writer::submit);

            Thread releaser = Thread.ofVirtual().start(sink::release);
            Submission late = writer.submit(record(15));
            releaser.join();
            writer.close();

            assertThat(late).isEqualTo(Submission.Accepted.INSTANCE);
            assertThat(sink.stored()).containsExactlyElementsOf(records(0, 16));
        }
    }

    static List<CallRecord> records(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive)
                .mapToObj(AsyncLedgerWriterTest::record)
                .toList();
    }

    static CallRecord record(int i) {
        return CallRecord.builder()
                .time(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i))
                .requestId("req-" + i)
                .taskId(TaskId.of("task-" + (i % 7)))
                .team("payments")
                .routedModel(ModelId.HAIKU_4_5)
                .tier(Tier.SMALL)
                .build();
    }

    /** A sink keeping what it was given; can fail a range of calls or stall its first call. */
    static final class ListSink implements LedgerSink {
        private final List<CallRecord> stored = new CopyOnWriteArrayList<>();
        private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        private final AtomicInteger calls = new AtomicInteger();
        private final CountDownLatch firstCall = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private int failFrom = Integer.MAX_VALUE;
        private int failTo = Integer.MIN_VALUE;
        private boolean stall;

        ListSink failingCalls(int fromCall, int toCall) {
            this.failFrom = fromCall;
            this.failTo = toCall;
            return this;
        }

        ListSink stallingFirstCall() {
            this.stall = true;
            return this;
        }

        @Override
        public void append(List<CallRecord> records) {
            int call = calls.incrementAndGet();
            firstCall.countDown();
            if (stall && call == 1) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted", e);
                }
            }
            if (call >= failFrom && call <= failTo) {
                throw new StoreException("store down (call " + call + ")");
            }
            batchSizes.add(records.size());
            stored.addAll(new ArrayList<>(records));
            synchronized (this) {
                notifyAll();
            }
        }

        void release() {
            released.countDown();
        }

        boolean awaitFirstCall() throws InterruptedException {
            return firstCall.await(5, TimeUnit.SECONDS);
        }

        synchronized boolean awaitStored(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (stored.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        List<CallRecord> stored() {
            return List.copyOf(stored);
        }

        List<Integer> batchSizes() {
            return List.copyOf(batchSizes);
        }
    }
}
