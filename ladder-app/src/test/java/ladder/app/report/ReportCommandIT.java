package ladder.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import ladder.app.CliRun;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.Usage;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.report.Report;
import ladder.store.duckdb.DuckDbLedgerStore;
import ladder.testkit.CallRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandIT {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.ofMain(args);
    }

    private Path ledger() {
        Path file = dir.resolve("ledger.duckdb");
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(file)) {
            store.append(List.of(
                    CallRecord.builder()
                            .time(CallRecords.EPOCH)
                            .requestId("r1")
                            .taskId(TaskId.of("A"))
                            .step("plan")
                            .team("payments")
                            .routedModel(ModelId.SONNET_4_6)
                            .tier(Tier.MEDIUM)
                            .usage(Usage.of(1_000, 100, 0, 0))
                            .cost(CallCost.priced(Money.ofNanos(4_500_000), "anthropic@test"))
                            .build(),
                    CallRecord.builder()
                            .time(CallRecords.EPOCH.plusSeconds(5))
                            .requestId("r2")
                            .taskId(TaskId.of("A"))
                            .team("payments")
                            .routedModel(ModelId.of("claude-mystery-9"))
                            .tier(Tier.LARGE)
                            .build()));
        }
        return file;
    }

    @Test
    void report_json_readsBackAsTheSameReport() throws Exception {
        Path file = ledger();

        CliRun run = run("report", "--data", file.toString(), "--format", "json");

        assertThat(run.exit()).isZero();
        Report report = ReportRenderer.JSON.readValue(run.out(), Report.class);
        assertThat(report.total()).isEqualTo(Money.ofNanos(4_500_000));
        assertThat(report.unpricedCalls()).isEqualTo(1);
        assertThat(ReportRenderer.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n")
                .isEqualToNormalizingNewlines(run.out());
    }

    @Test
    void report_table_showsSections() {
        CliRun run = run("report", "--data", ledger().toString(), "--by", "step");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Cost per task", "by step", "Prompt cache", "Counterfactuals", "Findings");
    }

    @Test
    void findings_failOnCritical_exitsTwoForUnpricedModel() {
        CliRun run = run("findings", "--data", ledger().toString(), "--fail-on", "critical", "--format", "csv");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("critical,stale_price_anchor", "claude-mystery-9");
    }

    @Test
    void report_ledgerWithClosedHoursNotRolledUp_rollsThemUpOnOpen() {
        Path file = dir.resolve("hours.duckdb");
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(file)) {
            store.append(List.of(
                    CallRecords.sample(0).build(), CallRecords.sample(3 * 3_600).build()));
        }

        CliRun run = run("report", "--data", file.toString(), "--format", "json");

        assertThat(run.exit()).isZero();
        try (DuckDbLedgerStore store = DuckDbLedgerStore.open(file)) {
            // The latest call is in hour 3: hours 0 and 1 are closed and an hour behind it.
            assertThat(store.rolledUpTo()).isEqualTo(CallRecords.EPOCH.plusSeconds(2 * 3_600));
        }
    }

    @Test
    void report_missingFile_oneLineError() {
        CliRun run = run("report", "--data", dir.resolve("none.duckdb").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip())
                .startsWith("ladder report: --data: no ledger file at")
                .doesNotContain("\n");
    }

    @Test
    void report_badBy_namesValidValues() {
        CliRun run = run("report", "--data", ledger().toString(), "--by", "colour");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("--by: unknown grouping 'colour'", "task, route, step");
    }

    @Test
    void ledgerGenerate_writesRecordsTheReportCounts() {
        Path file = dir.resolve("synthetic.duckdb");

        assertThat(run("ledger", "generate", "--records", "800", "--data", file.toString(), "--seed", "7")
                        .exit())
                .isZero();
        CliRun report = run("report", "--data", file.toString(), "--no-findings", "--format", "csv");

        assertThat(report.exit()).isZero();
        assertThat(report.out()).contains("overall,,100,800,");
    }
}
