/**
 * The versioned, effective-dated price catalog.
 *
 * <p>{@link ladder.core.price.PriceCatalog} holds {@link ladder.core.price.ModelPrice} entries (one per model and
 * price version), resolves dated, Bedrock and Vertex model id forms to the canonical id, and maps each {@link
 * ladder.core.Tier} to its default model. {@link ladder.core.price.DefaultPriceCatalog} is the catalog shipped
 * with Ladder. Rates are {@code long} nano-dollars per million tokens; multipliers are exact {@link
 * ladder.core.price.Factor}s. A price change is a new entry with a new version id, never an edit.
 */
package ladder.core.price;
