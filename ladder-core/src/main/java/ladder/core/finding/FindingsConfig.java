package ladder.core.finding;

import java.time.Duration;
import java.util.Objects;
import ladder.core.Money;
import ladder.core.ledger.LedgerAnalytics;

/**
 * Thresholds of the findings.
 *
 * @param overRoutingEscalationRate a step whose share of escalated requests exceeds this is over-routed, in {@code
 *     (0, 1]}
 * @param hiddenRetryWindow identical bodies from one key at most this far apart count as a client retry
 * @param topTierShare a team/project whose share of top-tier first attempts on lower-mapped steps exceeds this is
 *     flagged, in {@code (0, 1]}
 * @param minCalls the fewest attempts a rate- or share-based finding needs to be trusted, {@code >= 1}
 * @param maxPriceAge a policy anchor or catalog whose latest price date is older than this is stale
 * @param minCacheableTokens total input under which a breakpoint that neither wrote nor read is below the minimum
 * @param warningMonthly monthly impact from which a finding is a warning (below: info)
 * @param criticalMonthly monthly impact from which a finding is critical
 */
public record FindingsConfig(
        double overRoutingEscalationRate,
        Duration hiddenRetryWindow,
        double topTierShare,
        long minCalls,
        Duration maxPriceAge,
        long minCacheableTokens,
        Money warningMonthly,
        Money criticalMonthly) {

    /** Escalation share above which a step is over-routed: 20%. */
    public static final double DEFAULT_OVER_ROUTING_ESCALATION_RATE = 0.20;

    /** Identical requests this close are client retries: 60 seconds. */
    public static final Duration DEFAULT_HIDDEN_RETRY_WINDOW = Duration.ofSeconds(60);

    /** Top-tier share above which a team/project is flagged: 50%. */
    public static final double DEFAULT_TOP_TIER_SHARE = 0.50;

    /** Attempts a rate needs: 20. */
    public static final long DEFAULT_MIN_CALLS = 20;

    /** Price data older than this is stale: 90 days. */
    public static final Duration DEFAULT_MAX_PRICE_AGE = Duration.ofDays(90);

    public FindingsConfig {
        Objects.requireNonNull(hiddenRetryWindow, "hiddenRetryWindow");
        Objects.requireNonNull(maxPriceAge, "maxPriceAge");
        Objects.requireNonNull(warningMonthly, "warningMonthly");
        Objects.requireNonNull(criticalMonthly, "criticalMonthly");
        if (!(overRoutingEscalationRate > 0 && overRoutingEscalationRate <= 1)) {
            throw new IllegalArgumentException(
                    "over-routing escalation rate must be in (0, 1], was " + overRoutingEscalationRate);
        }
        if (!(topTierShare > 0 && topTierShare <= 1)) {
            throw new IllegalArgumentException("top-tier share must be in (0, 1], was " + topTierShare);
        }
        if (minCalls < 1) {
            throw new IllegalArgumentException("min calls must be >= 1, was " + minCalls);
        }
        if (hiddenRetryWindow.isNegative() || maxPriceAge.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (warningMonthly.compareTo(criticalMonthly) > 0) {
            throw new IllegalArgumentException(
                    "warning threshold " + warningMonthly + " must not exceed critical threshold " + criticalMonthly);
        }
    }

    /** The defaults: 20% escalation, 60 s retries, 50% top tier, 20 calls, 90 days, 4,096 tokens, $10, $500. */
    public static FindingsConfig defaults() {
        return new FindingsConfig(
                DEFAULT_OVER_ROUTING_ESCALATION_RATE,
                DEFAULT_HIDDEN_RETRY_WINDOW,
                DEFAULT_TOP_TIER_SHARE,
                DEFAULT_MIN_CALLS,
                DEFAULT_MAX_PRICE_AGE,
                LedgerAnalytics.DEFAULT_MIN_CACHEABLE_TOKENS,
                Money.ofUsd(10),
                Money.ofUsd(500));
    }

    /** A copy with {@code value} as {@link #minCalls}. */
    public FindingsConfig withMinCalls(long value) {
        return new FindingsConfig(
                overRoutingEscalationRate,
                hiddenRetryWindow,
                topTierShare,
                value,
                maxPriceAge,
                minCacheableTokens,
                warningMonthly,
                criticalMonthly);
    }
}
