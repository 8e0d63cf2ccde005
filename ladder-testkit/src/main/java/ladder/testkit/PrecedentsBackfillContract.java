package ladder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import ladder.core.ModelId;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.ledger.Attempt;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerCursor;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.PrecedentTracker;
import ladder.core.ledger.Precedents;
import ladder.core.ledger.TimeWindow;
import org.junit.jupiter.api.Test;

/**
 * An engine's backfill of {@link Precedents} (the migration that fills them in for rows written without them) must
 * give each row what the gateway's {@link PrecedentTracker} would have written. A store's test extends this class.
 */
public abstract class PrecedentsBackfillContract {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    /** Returns a new, empty store; closed by the test. */
    protected abstract LedgerStore createStore();

    /** Runs the engine's precedent backfill over everything in {@code store}. */
    protected abstract void backfill(LedgerStore store) throws Exception;

    @Test
    void backfill_randomTraffic_matchesWhatTheGatewayWrites() throws Exception {
        List<CallRecord> traffic = traffic(new Random(7), 400);
        PrecedentTracker tracker = new PrecedentTracker();
        List<CallRecord> written = traffic.stream().map(tracker::annotate).toList();
        assertThat(written)
                .anyMatch(r ->
                        r.precedents().followsTaskAttempt() && !r.precedents().prefixExtended());
        assertThat(written)
                .anyMatch(r ->
                        r.precedents().followsTaskAttempt() && r.precedents().prefixExtended());
        assertThat(written).anyMatch(r -> r.precedents().modelChanged());
        assertThat(written).anyMatch(r -> r.precedents().repeatsBody());

        try (LedgerStore store = createStore()) {
            store.append(traffic);
            backfill(store);
            List<CallRecord> stored = store.recordsBetween(
                            TimeWindow.of(T0, T0.plusSeconds(86_400)), LedgerCursor.start(), 10_000)
                    .records();

            assertThat(byRequest(stored)).isEqualTo(byRequest(written));
        }
    }

    private static Map<String, Precedents> byRequest(List<CallRecord> records) {
        return records.stream()
                .collect(Collectors.toMap(
                        r -> r.requestId() + "#" + r.attempt().index(),
                        CallRecord::precedents,
                        (a, b) -> a,
                        LinkedHashMap::new));
    }

    /** Interleaved tasks with growing, sometimes changed prefixes, two models, retries and repeated bodies. */
    private static List<CallRecord> traffic(Random random, int n) {
        List<CallRecord> out = new ArrayList<>();
        Map<Integer, List<Long>> prefixes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int task = random.nextInt(12);
            List<Long> prefix = new ArrayList<>(prefixes.getOrDefault(task, List.of()));
            switch (random.nextInt(6)) {
                case 0 -> prefix.clear(); // no breakpoint this time
                case 1 -> {
                    if (!prefix.isEmpty()) {
                        prefix.set(0, random.nextLong()); // the system prompt changed
                    }
                }
                default -> prefix.add(random.nextLong()); // the conversation grew
            }
            if (!prefix.isEmpty()) {
                prefixes.put(task, prefix);
            }
            boolean retry = random.nextInt(5) == 0;
            boolean opus = random.nextInt(4) == 0;
            out.add(CallRecord.builder()
                    .time(T0.plusMillis(i * 1_000L + random.nextInt(900)))
                    .requestId("r" + i)
                    .taskId(TaskId.of("task-" + task))
                    .team("payments")
                    .keyId("key-" + random.nextInt(3))
                    .routedModel(opus ? ModelId.OPUS_4_8 : ModelId.SONNET_4_6)
                    .tier(opus ? Tier.LARGE : Tier.MEDIUM)
                    .attempt(retry ? Attempt.of(1, AttemptKind.RETRY, "overloaded") : Attempt.FIRST)
                    .prefixFingerprints(prefix)
                    .bodyHash(random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(30))
                    .build());
        }
        return out;
    }
}
