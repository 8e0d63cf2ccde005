package ladder.app.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import ladder.app.policy.InvalidPolicyException;
import ladder.app.policy.LoadedPolicy;
import ladder.app.policy.PolicyLoader;
import ladder.core.StoreException;
import ladder.core.finding.Finding;
import ladder.core.finding.FindingService;
import ladder.core.finding.FindingsConfig;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.LedgerAnalytics;
import ladder.core.ledger.RollUpLedgerAnalytics;
import ladder.core.ledger.TimeWindow;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.report.Report;
import ladder.core.report.ReportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ladder report}: cost per task, attempt overhead, cache effectiveness, attribution, counterfactuals. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Report cost per task (count, mean, p50, p90, max) by step, route and a grouping of your choice; the",
            "overhead of retries, fallbacks and escalations; prompt-cache effectiveness; spend per team and project;",
            "counterfactuals (Opus for everything, no caching, no batch) and findings.",
            "Exit status: 0 done, 1 bad option or unreadable ledger."
        })
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerSource source = new LedgerSource();

    @Option(
            names = "--by",
            paramLabel = "DIM",
            description = "Group by task, route, step, model, team or project (default: ${DEFAULT-VALUE}).")
    String by = "team";

    @Option(names = "--format", paramLabel = "FMT", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    Format format = Format.table;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Groups listed per dimension (default: ${DEFAULT-VALUE}).")
    int limit = ReportService.DEFAULT_GROUP_LIMIT;

    @Option(names = "--no-findings", description = "Skip the findings section (faster on large ledgers).")
    boolean noFindings;

    @Option(names = "--policy", paramLabel = "FILE", description = "Judge step tiers and price anchors by this policy.")
    Path policy;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Dimension dimension = parseBy(by);
            if (limit < 1) {
                throw new LedgerSource.BadOption("--limit must be >= 1, was " + limit);
            }
            TimeWindow window = source.window();
            if (source.viaGateway()) {
                String json = source.fetch(
                        ReportEndpoints.REPORT_PATH,
                        Map.of(
                                "by", by,
                                "limit", Integer.toString(limit),
                                "findings", Boolean.toString(!noFindings)));
                ReportRenderer.report(ReportRenderer.JSON.readValue(json, Report.class), format, out);
                return 0;
            }
            try (LedgerSource.Opened opened = source.open()) {
                // The findings first: the report's spend per team and project then adds up their sums per team,
                // project and step instead of scanning the ledger again.
                LedgerAnalytics analytics = new RollUpLedgerAnalytics(opened.analytics());
                List<Finding> findings =
                        noFindings ? List.of() : Findings.run(analytics, window, policy, FindingsConfig.defaults());
                Report report =
                        new ReportService(analytics, DefaultPriceCatalog.get()).report(window, dimension, limit);
                if (!noFindings) {
                    report = report.withFindings(findings);
                }
                ReportRenderer.report(report, format, out);
            }
            return 0;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            err.println("ladder report: the gateway's report could not be read: " + e.getOriginalMessage());
            return 1;
        } catch (LedgerSource.BadOption | StoreException e) {
            err.println("ladder report: " + e.getMessage());
            return 1;
        } catch (InvalidPolicyException e) {
            e.errors().forEach(line -> err.println("ladder report: " + line));
            return 1;
        }
    }

    private static Dimension parseBy(String text) {
        try {
            return Dimension.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LedgerSource.BadOption("--by: " + e.getMessage());
        }
    }

    /** Runs the findings with or without a policy file. */
    static final class Findings {
        private Findings() {}

        static List<Finding> run(LedgerAnalytics analytics, TimeWindow window, Path policy, FindingsConfig config) {
            FindingService service = new FindingService(analytics, DefaultPriceCatalog.get(), config);
            var now = InstantSource.system().instant();
            if (policy == null) {
                return service.findings(window, now);
            }
            LoadedPolicy loaded = PolicyLoader.load(policy);
            return service.findings(window, loaded.config(), now);
        }
    }
}
