/**
 * Ladder's pure domain core: the few values every concept shares ({@link ladder.core.Money}, {@link
 * ladder.core.ModelId}, {@link ladder.core.Tier}, {@link ladder.core.TaskId}, {@link ladder.core.Usage}).
 *
 * <p>One sub-package per domain concept: {@code price} (the versioned catalog), {@code cost} (exact pricing of
 * a usage block), {@code route} (routing policy, escalation, fallback), {@code access} (who may use what,
 * budgets) and {@code ledger} (per-task accounting and its ports). No I/O anywhere in core; time is injected.
 */
package ladder.core;
