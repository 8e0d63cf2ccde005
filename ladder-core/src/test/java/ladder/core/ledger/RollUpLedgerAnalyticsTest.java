package ladder.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import ladder.core.ModelId;
import ladder.core.Tier;
import org.junit.jupiter.api.Test;

class RollUpLedgerAnalyticsTest {

    private static final TimeWindow WINDOW =
            TimeWindow.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"));
    private static final List<Instant> BOUNDARIES = List.of(Instant.parse("2026-01-15T00:00:00Z"));

    private static UsageQuery query(List<Dimension> keys, UsageQuery.Filter filter) {
        return new UsageQuery(WINDOW, keys, BOUNDARIES, List.of(200_000L), filter);
    }

    private static UsageSums row(List<String> keys, AttemptKind kind, long calls, long cost) {
        return new UsageSums(
                keys, ModelId.SONNET_4_6, Tier.MEDIUM, false, kind, 0, 0, calls, 0, cost, 10, 20, 30, 40, 50, 1, 2);
    }

    @Test
    void projection_markedTeamProjectStep_answersPerTeamAndPerStepMarked() {
        UsageQuery marked = query(
                List.of(Dimension.TEAM, Dimension.PROJECT, Dimension.STEP), UsageQuery.Filter.MARK_ESCALATED_REQUESTS);

        assertThat(RollUpLedgerAnalytics.projection(
                        marked, query(List.of(Dimension.TEAM, Dimension.PROJECT), UsageQuery.Filter.ALL)))
                .contains(List.of(0, 1));
        assertThat(RollUpLedgerAnalytics.projection(
                        marked, query(List.of(Dimension.STEP), UsageQuery.Filter.MARK_ESCALATED_REQUESTS)))
                .contains(List.of(2, 3));
    }

    @Test
    void projection_otherAttemptsWindowOrKeys_empty() {
        UsageQuery all = query(List.of(Dimension.TEAM, Dimension.STEP), UsageQuery.Filter.ALL);

        assertThat(RollUpLedgerAnalytics.projection(
                        all, query(List.of(Dimension.TEAM), UsageQuery.Filter.TOLERANT_REALTIME)))
                .isEmpty();
        assertThat(RollUpLedgerAnalytics.projection(
                        all, query(List.of(Dimension.TEAM), UsageQuery.Filter.MARK_ESCALATED_REQUESTS)))
                .isEmpty();
        assertThat(RollUpLedgerAnalytics.projection(all, query(List.of(Dimension.MODEL), UsageQuery.Filter.ALL)))
                .isEmpty();
        assertThat(RollUpLedgerAnalytics.projection(
                        all,
                        new UsageQuery(
                                WINDOW, List.of(Dimension.TEAM), List.of(), List.of(200_000L), UsageQuery.Filter.ALL)))
                .isEmpty();
    }

    @Test
    void rollUp_rowsSharingKeysAndPricingInputs_addUpEveryField() {
        List<UsageSums> rows = List.of(
                row(List.of("payments", "plan"), AttemptKind.FIRST, 2, 100),
                row(List.of("payments", "review"), AttemptKind.FIRST, 3, 50),
                row(List.of("payments", "plan"), AttemptKind.RETRY, 1, 7));

        List<UsageSums> perTeam = UsageSums.rollUp(rows, List.of(0));

        assertThat(perTeam)
                .containsExactly(
                        new UsageSums(
                                List.of("payments"),
                                ModelId.SONNET_4_6,
                                Tier.MEDIUM,
                                false,
                                AttemptKind.FIRST,
                                0,
                                0,
                                5,
                                0,
                                150,
                                20,
                                40,
                                60,
                                80,
                                100,
                                2,
                                4),
                        row(List.of("payments"), AttemptKind.RETRY, 1, 7));
    }

    @Test
    void rollUp_sumOverflowsLong_throws() {
        List<UsageSums> rows = List.of(
                row(List.of("a"), AttemptKind.FIRST, 1, Long.MAX_VALUE), row(List.of("b"), AttemptKind.FIRST, 1, 1));

        assertThatThrownBy(() -> UsageSums.rollUp(rows, List.of())).isInstanceOf(ArithmeticException.class);
    }
}
