package ladder.core.ledger;

/**
 * What an attempt follows, as the gateway that recorded it saw it: the facts the cache-breakage and hidden-retry
 * findings need, computed once when the attempt is written instead of by window scans over the whole ledger on every
 * report. Built by {@link PrecedentTracker}; each gateway knows the calls it made itself (and, after a restart,
 * none from before), so a task spread over several gateways is judged per gateway.
 *
 * @param taskGapMicros microseconds since the same task's previous attempt that carried cacheable blocks (a
 *     non-empty {@link CallRecord#prefixFingerprints()}), or {@link #UNKNOWN} when this attempt has no such blocks or
 *     none came before it
 * @param modelChanged whether that previous attempt went to another model (false when unknown)
 * @param prefixExtended whether this attempt's fingerprints start with all of that previous attempt's, i.e. the
 *     cached prefix still matches (false when unknown)
 * @param repeatGapMicros for a first attempt with a body hash: microseconds since the same key last sent a first
 *     attempt with the same body hash (a client-side retry when short), else {@link #UNKNOWN}
 */
public record Precedents(long taskGapMicros, boolean modelChanged, boolean prefixExtended, long repeatGapMicros) {

    /** The value of a gap that is not known. */
    public static final long UNKNOWN = -1;

    /** Nothing known: the first attempt of a task and not a repeat. */
    public static final Precedents NONE = new Precedents(UNKNOWN, false, false, UNKNOWN);

    public Precedents {
        if (taskGapMicros < UNKNOWN || repeatGapMicros < UNKNOWN) {
            throw new IllegalArgumentException(
                    "gaps must be >= 0 us or UNKNOWN (-1), were " + taskGapMicros + " and " + repeatGapMicros);
        }
        if (taskGapMicros == UNKNOWN && (modelChanged || prefixExtended)) {
            throw new IllegalArgumentException("model change and prefix extension need a known previous attempt");
        }
    }

    /** Whether a previous attempt of the task with cacheable blocks is known. */
    public boolean followsTaskAttempt() {
        return taskGapMicros != UNKNOWN;
    }

    /** Whether this first attempt repeats an earlier body of the same key. */
    public boolean repeatsBody() {
        return repeatGapMicros != UNKNOWN;
    }
}
