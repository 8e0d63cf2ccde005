package ladder.core.route;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;
import ladder.core.Usage;
import ladder.core.cost.CostCalculator;
import ladder.core.cost.CostResult;
import ladder.core.price.PriceCatalog;

/** The routing view of the versioned price catalog: tiers map to the catalog's tier defaults in force. */
public final class CatalogModelLadder implements ModelLadder {

    private final PriceCatalog catalog;

    private CatalogModelLadder(PriceCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The ladder over {@code catalog}. */
    public static CatalogModelLadder of(PriceCatalog catalog) {
        return new CatalogModelLadder(catalog);
    }

    @Override
    public Optional<ModelId> modelFor(Tier tier, Instant at) {
        return catalog.defaultForTier(tier, at).map(price -> price.id());
    }

    @Override
    public Optional<Tier> tierOf(ModelId model, Instant at) {
        return catalog.find(model, at).map(price -> price.tier());
    }

    /** Prices the worst case with the calculator, so long-context premiums count as they would on the bill. */
    @Override
    public Optional<Money> worstCaseCost(ModelId model, long inputTokens, long maxOutputTokens, Instant at) {
        return catalog.find(model, at).flatMap(price -> switch (CostCalculator.price(
                price, Usage.of(inputTokens, maxOutputTokens, 0, 0), false)) {
            case CostResult.Priced priced -> Optional.of(priced.cost().total());
            case CostResult.Unpriced unpriced -> Optional.empty();
            case CostResult.InvalidUsage invalid -> Optional.empty();
        });
    }

    @Override
    public String priceVersion(Instant at) {
        return catalog.versionAt(at);
    }
}
