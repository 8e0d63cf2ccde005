package ladder.core.finding;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import ladder.core.Money;

/**
 * One leak found in the ledger.
 *
 * @param kind what kind of leak
 * @param severity how urgent
 * @param title one line saying what was found
 * @param evidence where it shows
 * @param windowImpact the cost it caused within the report window (zero when not measurable)
 * @param monthlyImpact {@code windowImpact} extrapolated to 30 days from the window's length
 * @param fix what to change, concretely
 */
public record Finding(
        Kind kind,
        Severity severity,
        String title,
        Evidence evidence,
        Money windowImpact,
        Money monthlyImpact,
        String fix) {

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(windowImpact, "windowImpact");
        Objects.requireNonNull(monthlyImpact, "monthlyImpact");
        Objects.requireNonNull(fix, "fix");
    }

    /** What kind of leak a finding is. */
    public enum Kind {
        /** The prompt cache is written instead of read (or never read). */
        CACHE_BREAKAGE,
        /** A step escalates so often that starting one tier up may be cheaper. */
        OVER_ROUTING,
        /** Clients resend identical requests the gateway did not retry. */
        HIDDEN_RETRIES,
        /** The policy or recorded prices are anchored to an old catalog, or a model has no price. */
        STALE_PRICE_ANCHOR,
        /** A team or project runs steps on a top tier the policy maps lower. */
        TOP_TIER_BY_DEFAULT,
        /** Latency-tolerant work ran in real time instead of through the batch API. */
        BATCHABLE_WORK;

        /** The snake-case id used in output. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How urgent a finding is, least first. */
    public enum Severity {
        /** Worth knowing. */
        INFO,
        /** Costs real money or hides cost. */
        WARNING,
        /** Costs a lot, or leaves spend unpriced. */
        CRITICAL;

        /** The lower-case id used in output and on the command line. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses an id, case-insensitively.
         *
         * @throws IllegalArgumentException naming the valid ids
         */
        public static Severity parse(String text) {
            for (Severity s : values()) {
                if (s.id().equalsIgnoreCase(text.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown severity '" + text + "'; valid are info, warning, critical");
        }
    }

    /**
     * Where a finding shows.
     *
     * @param detail one or two lines of specifics (block and offset, rates, counts)
     * @param taskIds sample task ids (copied)
     * @param requestIds sample request ids (copied)
     * @param firstSeen ISO instant of the earliest evidence, or empty
     * @param lastSeen ISO instant of the latest evidence, or empty
     */
    public record Evidence(
            String detail, List<String> taskIds, List<String> requestIds, String firstSeen, String lastSeen) {

        public Evidence {
            Objects.requireNonNull(detail, "detail");
            taskIds = List.copyOf(taskIds);
            requestIds = List.copyOf(requestIds);
            Objects.requireNonNull(firstSeen, "firstSeen");
            Objects.requireNonNull(lastSeen, "lastSeen");
        }

        /** Evidence with only a detail line. */
        public static Evidence of(String detail) {
            return new Evidence(detail, List.of(), List.of(), "", "");
        }
    }
}
