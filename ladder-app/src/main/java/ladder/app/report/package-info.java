/**
 * The {@code ladder report}, {@code ladder findings} and {@code ladder ledger} commands: open a ledger (DuckDB file or
 * PostgreSQL URL), run {@link ladder.core.report.ReportService} and {@link ladder.core.finding.FindingService}, and
 * render the result as a table, JSON or CSV.
 */
package ladder.app.report;
