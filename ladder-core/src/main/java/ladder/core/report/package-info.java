/**
 * Reports over the call ledger: the {@link ladder.core.report.LedgerAnalytics} port (aggregations that run inside the
 * database), the facts it returns ({@link ladder.core.report.UsageSums}, {@link ladder.core.report.TaskCostStats},
 * ...), and {@link ladder.core.report.ReportService}, which prices those facts with the catalog into a {@link
 * ladder.core.report.Report}: cost per task, attempt overhead, cache effectiveness, attribution and counterfactuals.
 *
 * <p>A {@code Report} is a tree of plain records (strings, numbers, {@link ladder.core.Money}, lists): Jackson
 * serialises and reads it back without annotations, so a gateway endpoint and the CLI render the same JSON.
 */
package ladder.core.report;
