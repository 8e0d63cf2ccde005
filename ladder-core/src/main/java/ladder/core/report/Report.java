package ladder.core.report;

import java.util.List;
import java.util.Objects;
import ladder.core.Money;
import ladder.core.finding.Finding;

/**
 * A cost report over a time window: plain records only, so Jackson writes it as JSON and reads it back unchanged (a
 * gateway endpoint serves {@code objectMapper.writeValueAsBytes(report)}; the CLI renders a remote report exactly as
 * a local one). Money is nano-dollars ({@code {"nanos": 123}}); shares are fractions in {@code [0, 1]}.
 *
 * @param from ISO instant the window starts (included)
 * @param to ISO instant the window ends (excluded)
 * @param by the dimension {@code groups} are by
 * @param priceVersion the catalog version in force at the end of the window
 * @param calls attempts in the window
 * @param unpricedCalls attempts without a recorded price (their cost counts as $0 below)
 * @param total recorded cost of the priced attempts
 * @param overall cost per task over the window
 * @param groups cost per task per group of {@code by}, by descending total
 * @param steps cost per task per step type
 * @param routes cost per task per route (step type and tier)
 * @param attempts cost by attempt kind and the overhead of retries, fallbacks and escalations
 * @param cache prompt-cache effectiveness
 * @param attribution spend per team and project, by descending total
 * @param counterfactuals what the same usage would have cost otherwise
 * @param findings leaks found, most severe first (empty when not requested)
 */
public record Report(
        String from,
        String to,
        String by,
        String priceVersion,
        long calls,
        long unpricedCalls,
        Money total,
        TaskCostLine overall,
        List<TaskCostLine> groups,
        List<TaskCostLine> steps,
        List<TaskCostLine> routes,
        Attempts attempts,
        CacheEffect cache,
        List<Spend> attribution,
        List<Counterfactual> counterfactuals,
        List<Finding> findings) {

    public Report {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(priceVersion, "priceVersion");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(overall, "overall");
        groups = List.copyOf(groups);
        steps = List.copyOf(steps);
        routes = List.copyOf(routes);
        Objects.requireNonNull(attempts, "attempts");
        Objects.requireNonNull(cache, "cache");
        attribution = List.copyOf(attribution);
        counterfactuals = List.copyOf(counterfactuals);
        findings = List.copyOf(findings);
    }

    /** This report with {@code findings} instead of its own. */
    public Report withFindings(List<Finding> more) {
        return new Report(
                from,
                to,
                by,
                priceVersion,
                calls,
                unpricedCalls,
                total,
                overall,
                groups,
                steps,
                routes,
                attempts,
                cache,
                attribution,
                counterfactuals,
                more);
    }

    /**
     * Cost per task in one group.
     *
     * @param group the group value ({@code ""} for the whole window)
     * @param tasks tasks
     * @param calls attempts
     * @param unpricedCalls attempts without a price
     * @param total the group's cost
     * @param mean mean cost per task (rounded half up to a nano-dollar)
     * @param p50 median cost per task (an actual task's cost)
     * @param p90 90th percentile cost per task (an actual task's cost)
     * @param max the most expensive task
     */
    public record TaskCostLine(
            String group,
            long tasks,
            long calls,
            long unpricedCalls,
            Money total,
            Money mean,
            Money p50,
            Money p90,
            Money max) {

        public TaskCostLine {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(total, "total");
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(p50, "p50");
            Objects.requireNonNull(p90, "p90");
            Objects.requireNonNull(max, "max");
        }
    }

    /**
     * Attempts by why they were made.
     *
     * @param lines one per attempt kind present ({@code first}, {@code retry}, {@code fallback}, {@code escalation})
     * @param overhead recorded cost of every attempt that was not a first attempt
     * @param overheadShare {@code overhead / total}, 0 when nothing was spent
     */
    public record Attempts(List<KindLine> lines, Money overhead, double overheadShare) {

        public Attempts {
            lines = List.copyOf(lines);
            Objects.requireNonNull(overhead, "overhead");
        }
    }

    /**
     * One attempt kind.
     *
     * @param kind {@code first}, {@code retry}, {@code fallback} or {@code escalation}
     * @param calls attempts of that kind
     * @param cost their recorded cost
     * @param share {@code cost / total}
     */
    public record KindLine(String kind, long calls, Money cost, double share) {

        public KindLine {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(cost, "cost");
        }
    }

    /**
     * Prompt-cache effectiveness over priced attempts.
     *
     * @param inputTokens all input tokens (uncached + written + read)
     * @param cacheWriteTokens tokens written to the cache
     * @param cacheReadTokens tokens read from the cache
     * @param hitRatio {@code cacheReadTokens / inputTokens}, 0 without input
     * @param writePremium what the writes cost above the same tokens at the base input rate
     * @param readSavings what the reads saved against the same tokens at the base input rate
     * @param netSavings {@code readSavings - writePremium}; negative when caching cost more than it saved
     */
    public record CacheEffect(
            long inputTokens,
            long cacheWriteTokens,
            long cacheReadTokens,
            double hitRatio,
            Money writePremium,
            Money readSavings,
            Money netSavings) {

        public CacheEffect {
            Objects.requireNonNull(writePremium, "writePremium");
            Objects.requireNonNull(readSavings, "readSavings");
            Objects.requireNonNull(netSavings, "netSavings");
        }
    }

    /**
     * Spend of one team's project.
     *
     * @param team the team
     * @param project the project, or empty
     * @param calls attempts
     * @param unpricedCalls attempts without a price
     * @param total recorded cost
     * @param share {@code total} over the report's total
     */
    public record Spend(String team, String project, long calls, long unpricedCalls, Money total, double share) {

        public Spend {
            Objects.requireNonNull(team, "team");
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(total, "total");
        }
    }

    /**
     * What the same recorded usage would have cost under another choice.
     *
     * @param name {@code opus-for-everything}, {@code no-caching} or {@code no-batch}
     * @param description how it is computed
     * @param actual recorded cost of the attempts it covers
     * @param cost what they would have cost
     * @param difference {@code cost - actual}: positive means the actual choice saved money
     * @param unrepricedCalls attempts left out because no price was in force for them
     */
    public record Counterfactual(
            String name, String description, Money actual, Money cost, Money difference, long unrepricedCalls) {

        public Counterfactual {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(actual, "actual");
            Objects.requireNonNull(cost, "cost");
            Objects.requireNonNull(difference, "difference");
        }
    }
}
