/**
 * The call ledger: one {@link ladder.core.ledger.CallRecord} per upstream attempt, the ports that persist it ({@link
 * ladder.core.ledger.LedgerStore}) and send it outward ({@link ladder.core.ledger.LedgerSink}), and the query
 * values they return ({@link ladder.core.ledger.TaskCost}, {@link ladder.core.ledger.SpendLine}, {@link
 * ladder.core.ledger.LedgerPage}).
 *
 * <p>{@link ladder.core.ledger.LedgerAnalytics} is the second port a store implements: aggregations for reports
 * and findings that run inside the database and return small facts ({@link ladder.core.ledger.UsageSums}, {@link
 * ladder.core.ledger.TaskCosts}, {@link ladder.core.ledger.CacheMisses}, ...).
 *
 * <p>{@link ladder.core.ledger.AsyncLedgerWriter} lives here, not in the app, because it does no I/O of its own: it
 * owns a bounded in-memory queue and one thread that calls the sink port. Retry waits go through the injected
 * {@link ladder.core.Sleeper}; the flush interval and the producer's bounded wait are timed waits on a JDK {@link
 * java.util.concurrent.locks.Condition}, so core still never reads a clock or sleeps itself.
 */
package ladder.core.ledger;
