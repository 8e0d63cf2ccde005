package ladder.testkit;

import java.time.Instant;
import java.util.List;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.Usage;
import ladder.core.ledger.Attempt;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.Precedents;
import ladder.core.ledger.PrefixBreak;

/** Ready-made call records for tests and benchmarks. */
public final class CallRecords {

    /** The instant sample records count from. */
    public static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");

    private CallRecords() {}

    /** A plain priced first attempt: request {@code req-<i>}, {@code i} seconds after {@link #EPOCH}. */
    public static CallRecord.Builder sample(int i) {
        return CallRecord.builder()
                .time(EPOCH.plusSeconds(i))
                .requestId("req-" + i)
                .taskId(TaskId.of("task-" + (i % 10)))
                .step("execute")
                .team("payments")
                .project("checkout-agent")
                .keyId("key_7f3a")
                .requestedModel("claude-sonnet-4-6")
                .routedModel(ModelId.SONNET_4_6)
                .tier(Tier.MEDIUM)
                .usage(Usage.of(1_200 + i, 350, 0, 8_000))
                .cost(CallCost.priced(Money.ofNanos(9_000_000L + i), "2026-11-01"))
                .timeToFirstByteMicros(180_000)
                .latencyMicros(2_400_000)
                .stream(true)
                .prefixFingerprints(List.of(0x1234_5678_9abc_def0L, -42L))
                .inputBytes(14_000)
                .outputBytes(2_100);
    }

    /** A record with every optional part set to an unusual value, to check that stores keep each field exactly. */
    public static CallRecord everyFieldSet() {
        return CallRecord.builder()
                .time(Instant.parse("2026-11-02T03:04:05.678901Z"))
                .requestId("req_01JZ-ÄØ-full")
                .taskId(TaskId.of("task/with spaces & ünïcode"))
                .step("plan: step 2")
                .team("research")
                .project("")
                .keyId("")
                .requestedModel("")
                .routedModel(ModelId.of("claude-unknown-9-preview"))
                .tier(Tier.FRONTIER)
                .attempt(Attempt.of(3, AttemptKind.ESCALATION, "low-confidence"))
                .httpStatus(529)
                .usage(new Usage(
                        Long.MAX_VALUE / 4,
                        0,
                        3_000,
                        7,
                        new Usage.CacheCreation.Split(1_000, 2_000),
                        new Usage.ServerToolUse(2, 5),
                        "priority"))
                .cost(CallCost.priced(Money.ofNanos(Long.MAX_VALUE / 3), "2026-11-01+patch.2"))
                .timeToFirstByteMicros(0)
                .latencyMicros(Long.MAX_VALUE / 5)
                .stream(false)
                .batch(true)
                .prefixFingerprints(List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE))
                .inputBytes(Long.MAX_VALUE / 7)
                .outputBytes(0)
                .bodyHash(Long.MIN_VALUE + 7)
                .latencyTolerant(true)
                .prefixBreaks(List.of(
                        new PrefixBreak("system", 1_408, "\"aaaa\":\"9999-99-99a99:99:99a\""),
                        new PrefixBreak("messages[3]", 0, "")))
                .precedents(new Precedents(Long.MAX_VALUE / 11, true, false, 0))
                .build();
    }
}
