/**
 * Exact pricing of one call's usage.
 *
 * <p>{@link ladder.core.cost.CostCalculator} prices a {@link ladder.core.Usage} block with the {@link
 * ladder.core.price.PriceCatalog} version in force at the call's time and returns a sealed {@link
 * ladder.core.cost.CostResult}: {@code Priced} (a {@link ladder.core.cost.Cost} with its line items), {@code
 * Unpriced} (unknown model: never $0) or {@code InvalidUsage} (a data error, never guessed around). Each line is
 * tokens x rate, divided by one million and rounded once, half-even, to nano-dollars.
 */
package ladder.core.cost;
