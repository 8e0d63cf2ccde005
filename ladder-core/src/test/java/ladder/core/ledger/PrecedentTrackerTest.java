package ladder.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import ladder.core.ModelId;
import ladder.core.TaskId;
import ladder.core.Tier;
import org.junit.jupiter.api.Test;

class PrecedentTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private final PrecedentTracker tracker = new PrecedentTracker();

    private static CallRecord.Builder call(String task, int millis, List<Long> fingerprints) {
        return CallRecord.builder()
                .time(T0.plusMillis(millis))
                .requestId("r" + millis)
                .taskId(TaskId.of(task))
                .team("t")
                .keyId("key-1")
                .routedModel(ModelId.SONNET_4_6)
                .tier(Tier.MEDIUM)
                .prefixFingerprints(fingerprints);
    }

    @Test
    void observe_firstAttemptOfTask_knowsNothing() {
        assertThat(tracker.observe(call("A", 0, List.of(1L)).build())).isEqualTo(Precedents.NONE);
    }

    @Test
    void observe_growingPrefixOnSameModel_gapAndExtended() {
        tracker.observe(call("A", 0, List.of(1L, 2L)).build());

        Precedents p = tracker.observe(call("A", 1_500, List.of(1L, 2L, 3L)).build());

        assertThat(p).isEqualTo(new Precedents(1_500_000, false, true, Precedents.UNKNOWN));
    }

    @Test
    void observe_changedBlockAndOtherModel_notExtendedAndModelChanged() {
        tracker.observe(call("A", 0, List.of(1L, 2L)).build());

        Precedents p = tracker.observe(call("A", 10, List.of(1L, 9L, 3L))
                .routedModel(ModelId.OPUS_4_8)
                .tier(Tier.LARGE)
                .build());

        assertThat(p.modelChanged()).isTrue();
        assertThat(p.prefixExtended()).isFalse();
    }

    @Test
    void observe_shorterPrefixThanBefore_notExtended() {
        tracker.observe(call("A", 0, List.of(1L, 2L)).build());

        assertThat(tracker.observe(call("A", 10, List.of(1L)).build()).prefixExtended())
                .isFalse();
    }

    @Test
    void observe_attemptWithoutBreakpoints_neitherJudgedNorRemembered() {
        tracker.observe(call("A", 0, List.of(1L)).build());

        assertThat(tracker.observe(call("A", 5, List.of()).build()).followsTaskAttempt())
                .isFalse();
        assertThat(tracker.observe(call("A", 20, List.of(1L)).build()).taskGapMicros())
                .isEqualTo(20_000);
    }

    @Test
    void observe_otherTask_independent() {
        tracker.observe(call("A", 0, List.of(1L)).build());

        assertThat(tracker.observe(call("B", 10, List.of(1L)).build())).isEqualTo(Precedents.NONE);
    }

    @Test
    void observe_attemptThatStartedEarlierArrivesLater_gapIsTheDistance() {
        tracker.observe(call("A", 900, List.of(1L)).build());

        assertThat(tracker.observe(call("A", 100, List.of(1L)).build()).taskGapMicros())
                .isEqualTo(800_000);
    }

    @Test
    void observe_sameBodyFromSameKey_repeatGap() {
        tracker.observe(call("A", 0, List.of()).bodyHash(42).build());

        assertThat(tracker.observe(call("B", 10_000, List.of()).bodyHash(42).build()))
                .isEqualTo(new Precedents(Precedents.UNKNOWN, false, false, 10_000_000));
    }

    @Test
    void observe_sameBodyFromOtherKeyOrAsRetryOrUnhashed_noRepeat() {
        tracker.observe(call("A", 0, List.of()).bodyHash(42).build());
        tracker.observe(call("A", 1, List.of()).bodyHash(0).build());

        assertThat(tracker.observe(call("B", 10, List.of())
                                .keyId("key-2")
                                .bodyHash(42)
                                .build())
                        .repeatsBody())
                .isFalse();
        assertThat(tracker.observe(call("C", 20, List.of())
                                .bodyHash(42)
                                .attempt(Attempt.of(1, AttemptKind.RETRY, "overloaded"))
                                .build())
                        .repeatsBody())
                .isFalse();
        assertThat(tracker.observe(call("D", 30, List.of()).bodyHash(0).build()).repeatsBody())
                .isFalse();
    }

    @Test
    void observe_fullSet_olderTaskGivesWay() {
        PrecedentTracker small = new PrecedentTracker(1); // one set of two entries
        small.observe(call("A", 0, List.of(1L)).build());
        small.observe(call("B", 1, List.of(1L)).build());
        small.observe(call("C", 2, List.of(1L)).build());

        assertThat(small.observe(call("A", 3, List.of(1L)).build()).followsTaskAttempt())
                .isFalse();
        assertThat(small.observe(call("C", 4, List.of(1L)).build()).followsTaskAttempt())
                .isTrue();
    }

    @Test
    void annotate_setsPrecedentsOnTheRecord() {
        tracker.annotate(call("A", 0, List.of(1L)).build());

        assertThat(tracker.annotate(call("A", 2, List.of(1L)).build())
                        .precedents()
                        .taskGapMicros())
                .isEqualTo(2_000);
    }

    @Test
    void constructor_setsNotAPowerOfTwo_rejected() {
        assertThatThrownBy(() -> new PrecedentTracker(0)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new PrecedentTracker(3)).hasMessageContaining("power of two");
    }

    @Test
    void observe_manyTasksBetweenTwoCalls_stillKnownWithinCapacity() {
        tracker.observe(call("A", 0, List.of(1L)).build());
        for (int i = 0; i < 20_000; i++) {
            tracker.observe(call("other-" + i, 1, List.of(1L)).build());
        }

        assertThat(tracker.observe(call("A", 2, List.of(1L)).build()).followsTaskAttempt())
                .isTrue();
    }

    @Test
    void precedents_unknownTaskWithFlags_rejected() {
        assertThatThrownBy(() -> new Precedents(Precedents.UNKNOWN, true, false, Precedents.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Precedents(-2, false, false, Precedents.UNKNOWN))
                .hasMessageContaining("gaps must be >= 0");
    }
}
