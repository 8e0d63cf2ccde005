package ladder.app.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import ladder.app.policy.InvalidPolicyException;
import ladder.core.StoreException;
import ladder.core.finding.Finding;
import ladder.core.finding.FindingsConfig;
import ladder.core.ledger.TimeWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ladder findings}: the leaks in the ledger, with evidence, monthly impact and a fix. */
@Command(
        name = "findings",
        mixinStandardHelpOptions = true,
        description = {
            "Find cost leaks: cache breakage, over-routing, hidden client retries, stale price anchors, top tier by",
            "default, batchable work. Each with evidence, an estimated monthly impact and a concrete fix.",
            "Exit status: 0 done, 1 bad option or unreadable ledger, 2 findings at or above --fail-on."
        })
public final class FindingsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerSource source = new LedgerSource();

    @Option(names = "--format", paramLabel = "FMT", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    Format format = Format.table;

    @Option(
            names = "--fail-on",
            paramLabel = "SEVERITY",
            description = "Exit 2 when a finding of this severity or worse exists: info, warning, critical.")
    String failOn;

    @Option(names = "--policy", paramLabel = "FILE", description = "Judge step tiers and price anchors by this policy.")
    Path policy;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Finding.Severity threshold = failOn == null ? null : severity(failOn);
            TimeWindow window = source.window();
            List<Finding> findings;
            if (source.viaGateway()) {
                findings = ReportRenderer.JSON.readValue(
                        source.fetch(ReportEndpoints.FINDINGS_PATH, java.util.Map.of()),
                        new com.fasterxml.jackson.core.type.TypeReference<List<Finding>>() {});
            } else {
                try (LedgerSource.Opened opened = source.open()) {
                    findings =
                            ReportCommand.Findings.run(opened.analytics(), window, policy, FindingsConfig.defaults());
                }
            }
            ReportRenderer.findings(findings, format, out);
            if (threshold != null
                    && findings.stream().anyMatch(f -> f.severity().compareTo(threshold) >= 0)) {
                return 2;
            }
            return 0;
        } catch (LedgerSource.BadOption | StoreException e) {
            err.println("ladder findings: " + e.getMessage());
            return 1;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            err.println("ladder findings: the gateway's findings could not be read: " + e.getOriginalMessage());
            return 1;
        } catch (InvalidPolicyException e) {
            e.errors().forEach(line -> err.println("ladder findings: " + line));
            return 1;
        }
    }

    private static Finding.Severity severity(String text) {
        try {
            return Finding.Severity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LedgerSource.BadOption("--fail-on: " + e.getMessage());
        }
    }
}
