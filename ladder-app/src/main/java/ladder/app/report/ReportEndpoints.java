package ladder.app.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import ladder.core.finding.Finding;
import ladder.core.finding.FindingService;
import ladder.core.finding.FindingsConfig;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.LedgerAnalytics;
import ladder.core.ledger.RollUpLedgerAnalytics;
import ladder.core.ledger.TimeWindow;
import ladder.core.price.PriceCatalog;
import ladder.core.report.Report;
import ladder.core.report.ReportService;

/**
 * The report and findings as JSON, for a running gateway to serve ({@code GET /ladder/v1/report}, {@code GET
 * /ladder/v1/findings}) while it holds the DuckDB file; {@code ladder report --gateway URL} reads them back into the
 * same records and renders them exactly as from a file. Query parameters mirror the CLI options: {@code since},
 * {@code until}, {@code by}, {@code limit}, {@code findings} ({@code false} to skip).
 */
public final class ReportEndpoints {

    /** The report path on the gateway. */
    public static final String REPORT_PATH = "/ladder/v1/report";

    /** The findings path on the gateway. */
    public static final String FINDINGS_PATH = "/ladder/v1/findings";

    private final LedgerAnalytics analytics;
    private final PriceCatalog catalog;
    private final InstantSource clock;

    public ReportEndpoints(LedgerAnalytics analytics, PriceCatalog catalog, InstantSource clock) {
        this.analytics = analytics;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * The report JSON for {@code query}.
     *
     * @throws IllegalArgumentException naming the bad parameter
     */
    public String report(Map<String, String> query) {
        TimeWindow window = window(query);
        Dimension by = Dimension.parse(query.getOrDefault("by", "task"));
        int limit = integer(query, "limit", ReportService.DEFAULT_GROUP_LIMIT);
        // One request's queries share their usage sums; the findings first, so the report adds up theirs.
        LedgerAnalytics shared = new RollUpLedgerAnalytics(analytics);
        boolean withFindings = !"false".equals(query.get("findings"));
        List<Finding> findings = withFindings ? findings(shared, window) : List.of();
        Report report = new ReportService(shared, catalog).report(window, by, limit);
        if (withFindings) {
            report = report.withFindings(findings);
        }
        return json(report);
    }

    /** The findings JSON for {@code query}. */
    public String findings(Map<String, String> query) {
        return json(findings(analytics, window(query)));
    }

    private List<Finding> findings(LedgerAnalytics analytics, TimeWindow window) {
        return new FindingService(analytics, catalog, FindingsConfig.defaults()).findings(window, clock.instant());
    }

    private static TimeWindow window(Map<String, String> query) {
        Instant from = time(query, "since", Instant.EPOCH);
        Instant to = time(query, "until", LedgerSource.FAR_FUTURE);
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("until (" + to + ") is before since (" + from + ")");
        }
        return TimeWindow.of(from, to);
    }

    private static Instant time(Map<String, String> query, String name, Instant fallback) {
        String text = query.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return LedgerSource.parseTime(text);
        } catch (LedgerSource.BadOption e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a date or an ISO instant");
        }
    }

    private static int integer(Map<String, String> query, String name, int fallback) {
        String text = query.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a whole number");
        }
    }

    private static String json(Object value) {
        try {
            return ReportRenderer.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
