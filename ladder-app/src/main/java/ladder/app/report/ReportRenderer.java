package ladder.app.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import ladder.core.Money;
import ladder.core.finding.Finding;
import ladder.core.report.Report;

/** Renders reports and findings as a table, JSON (the {@link Report} record as Jackson writes it) or CSV. */
final class ReportRenderer {

    /**
     * Reads and writes {@link Report} and {@link Finding} JSON; records need no annotations. Is-getters are off so
     * {@code Money.isNegative()} does not become a property: money is exactly {@code {"nanos": 123}}. A gateway
     * endpoint serving reports configures its mapper the same way.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ReportRenderer() {}

    static void report(Report r, Format format, PrintWriter out) {
        switch (format) {
            case json -> out.println(json(r));
            case csv -> reportCsv(r, out);
            case table -> reportTable(r, out);
        }
    }

    static void findings(List<Finding> findings, Format format, PrintWriter out) {
        switch (format) {
            case json -> out.println(json(findings));
            case csv -> {
                out.println("severity,kind,monthly_impact_usd,window_impact_usd,title,detail,tasks,requests,"
                        + "first_seen,last_seen,fix");
                for (Finding f : findings) {
                    out.println(String.join(
                            ",",
                            f.severity().id(),
                            f.kind().id(),
                            f.monthlyImpact().toUsdString(),
                            f.windowImpact().toUsdString(),
                            csv(f.title()),
                            csv(f.evidence().detail()),
                            csv(String.join(" ", f.evidence().taskIds())),
                            csv(String.join(" ", f.evidence().requestIds())),
                            f.evidence().firstSeen(),
                            f.evidence().lastSeen(),
                            csv(f.fix())));
                }
            }
            case table -> findingsTable(findings, out);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static void reportTable(Report r, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "Ladder report %s .. %s (prices %s)%n",
                r.from(),
                r.to().startsWith("9999") ? "now" : r.to(),
                r.priceVersion());
        out.printf(
                Locale.ROOT, "%,d attempts, %,d unpriced, total %s%n%n", r.calls(), r.unpricedCalls(), usd(r.total()));
        out.println("Cost per task");
        costHeader(out);
        costLine(out, "(all)", r.overall());
        section(out, "by " + r.by(), r.groups());
        section(out, "by step", r.steps());
        section(out, "by route", r.routes());
        out.println();
        out.printf(
                Locale.ROOT,
                "Attempts: overhead of retries, fallbacks and escalations %s (%s of spend)%n",
                usd(r.attempts().overhead()),
                pct(r.attempts().overheadShare()));
        for (Report.KindLine k : r.attempts().lines()) {
            out.printf(Locale.ROOT, "  %-12s %,12d %14s %7s%n", k.kind(), k.calls(), usd(k.cost()), pct(k.share()));
        }
        Report.CacheEffect c = r.cache();
        out.println();
        out.printf(
                Locale.ROOT,
                "Prompt cache: hit ratio %s of %,d input tokens; write premium %s, read savings %s, net %s%n",
                pct(c.hitRatio()),
                c.inputTokens(),
                usd(c.writePremium()),
                usd(c.readSavings()),
                usd(c.netSavings()));
        out.println();
        out.println("Attribution");
        for (Report.Spend s : r.attribution()) {
            out.printf(
                    Locale.ROOT,
                    "  %-20s %-24s %,12d %14s %7s%n",
                    s.team(),
                    s.project().isEmpty() ? "-" : s.project(),
                    s.calls(),
                    usd(s.total()),
                    pct(s.share()));
        }
        out.println();
        out.println("Counterfactuals (same recorded usage)");
        for (Report.Counterfactual f : r.counterfactuals()) {
            out.printf(
                    Locale.ROOT,
                    "  %-20s %14s (actual %s, difference %s)  %s%n",
                    f.name(),
                    usd(f.cost()),
                    usd(f.actual()),
                    usd(f.difference()),
                    f.description());
        }
        if (!r.findings().isEmpty()) {
            out.println();
            findingsTable(r.findings(), out);
        }
    }

    private static void section(PrintWriter out, String title, List<Report.TaskCostLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.println(" " + title);
        for (Report.TaskCostLine l : lines) {
            costLine(out, l.group().isEmpty() ? "(none)" : l.group(), l);
        }
    }

    private static void costHeader(PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "  %-28s %10s %12s %14s %12s %12s %12s %12s%n",
                "group",
                "tasks",
                "attempts",
                "total",
                "mean",
                "p50",
                "p90",
                "max");
    }

    private static void costLine(PrintWriter out, String name, Report.TaskCostLine l) {
        out.printf(
                Locale.ROOT,
                "  %-28s %,10d %,12d %14s %12s %12s %12s %12s%n",
                name,
                l.tasks(),
                l.calls(),
                usd(l.total()),
                usd(l.mean()),
                usd(l.p50()),
                usd(l.p90()),
                usd(l.max()));
    }

    private static void findingsTable(List<Finding> findings, PrintWriter out) {
        out.println("Findings (" + findings.size() + ")");
        for (Finding f : findings) {
            out.printf(
                    Locale.ROOT,
                    "  [%s] %s: %s%n      impact: %s in window, ~%s/month%n      evidence: %s%n",
                    f.severity().id(),
                    f.kind().id(),
                    f.title(),
                    usd(f.windowImpact()),
                    usd(f.monthlyImpact()),
                    f.evidence().detail());
            if (!f.evidence().requestIds().isEmpty() || !f.evidence().taskIds().isEmpty()) {
                out.printf(
                        Locale.ROOT,
                        "      tasks %s, requests %s, %s .. %s%n",
                        f.evidence().taskIds(),
                        f.evidence().requestIds(),
                        f.evidence().firstSeen(),
                        f.evidence().lastSeen());
            }
            out.println("      fix: " + f.fix());
        }
    }

    private static void reportCsv(Report r, PrintWriter out) {
        out.println("section,group,tasks,attempts,unpriced_attempts,total_usd,mean_usd,p50_usd,p90_usd,max_usd");
        csvLine(out, "overall", r.overall());
        r.groups().forEach(l -> csvLine(out, "by_" + r.by(), l));
        r.steps().forEach(l -> csvLine(out, "by_step", l));
        r.routes().forEach(l -> csvLine(out, "by_route", l));
    }

    private static void csvLine(PrintWriter out, String section, Report.TaskCostLine l) {
        out.println(String.join(
                ",",
                section,
                csv(l.group()),
                Long.toString(l.tasks()),
                Long.toString(l.calls()),
                Long.toString(l.unpricedCalls()),
                l.total().toUsdString(),
                l.mean().toUsdString(),
                l.p50().toUsdString(),
                l.p90().toUsdString(),
                l.max().toUsdString()));
    }

    private static String csv(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static String usd(Money m) {
        return "$" + m.toUsdString();
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
