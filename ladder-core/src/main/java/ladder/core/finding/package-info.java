/**
 * Findings: the leaks a ledger reveals (cache breakage, over-routing, hidden retries, stale price anchors, top tier
 * by default, batchable work), each with evidence, an estimated monthly cost impact and a concrete fix. {@link
 * ladder.core.finding.FindingService} asks the {@link ladder.core.ledger.LedgerAnalytics} port for aggregated facts
 * and decides in plain Java.
 */
package ladder.core.finding;
