package ladder.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.Tier;
import org.junit.jupiter.api.Test;

class CallRecordTest {

    private static CallRecord.Builder valid() {
        return CallRecord.builder()
                .time(Instant.parse("2026-11-01T10:00:00.123456789Z"))
                .requestId("req-1")
                .taskId(TaskId.of("t-1"))
                .team("payments")
                .routedModel(ModelId.SONNET_4_6)
                .tier(Tier.MEDIUM);
    }

    @Test
    void constructor_nanosecondTime_truncatesToMicros() {
        assertThat(valid().build().time()).isEqualTo(Instant.parse("2026-11-01T10:00:00.123456Z"));
    }

    @Test
    void constructor_fingerprints_copiedDefensively() {
        List<Long> fingerprints = new ArrayList<>(List.of(1L, 2L));
        CallRecord record = valid().prefixFingerprints(fingerprints).build();
        fingerprints.add(3L);

        assertThat(record.prefixFingerprints()).containsExactly(1L, 2L);
    }

    @Test
    void builder_missingRequiredPart_namesIt() {
        assertThatThrownBy(() -> valid().tier(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("tier");
    }

    @Test
    void constructor_latencyBelowTimeToFirstByte_isRejected() {
        assertThatThrownBy(
                        () -> valid().timeToFirstByteMicros(10).latencyMicros(5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency (5 us)");
    }

    @Test
    void constructor_blankTeam_isRejected() {
        assertThatThrownBy(() -> valid().team(" ").build()).hasMessage("team must not be blank");
    }

    @Test
    void toBuilder_unchanged_buildsEqualRecord() {
        CallRecord record = valid().cost(CallCost.priced(Money.ofNanos(5), "v1"))
                .prefixFingerprints(List.of(-1L))
                .build();

        assertThat(record.toBuilder().build()).isEqualTo(record);
    }

    @Test
    void attempt_firstKindWithNonZeroIndex_isRejected() {
        assertThatThrownBy(() -> Attempt.of(1, AttemptKind.FIRST, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 1 kind FIRST");
    }

    @Test
    void priced_negativeCost_isRejected() {
        assertThatThrownBy(() -> CallCost.priced(Money.ofNanos(-1), "v1")).hasMessageContaining("cost must be >= 0");
    }

    @Test
    void unpriced_amountOrZero_isZero() {
        assertThat(CallCost.unpriced().amountOrZero()).isEqualTo(Money.ZERO);
    }

    @Test
    void ledgerPage_fullPage_pointsAfterItsLastRecord() {
        CallRecord a = valid().build();
        CallRecord b = valid().requestId("req-2").build();

        LedgerPage page = LedgerPage.of(List.of(a, b), 2);

        assertThat(page.hasMore()).isTrue();
        assertThat(page.next()).isEqualTo(LedgerCursor.after(LedgerCursor.RecordKey.of(b)));
        assertThat(LedgerPage.of(List.of(a), 2).hasMore()).isFalse();
    }
}
