package ladder.app.wiring;

import java.time.Instant;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Usage;
import ladder.core.cost.CostCalculator;
import ladder.core.cost.CostResult;
import ladder.core.ledger.CallCost;
import ladder.gateway.Pricer;

/** The gateway's {@link Pricer} over the versioned catalog: unpriced and inconsistent usage are never $0. */
final class CatalogPricer implements Pricer {

    private final CostCalculator calculator;

    /**
     * The last price computed. The gateway prices an attempt for its headers and the ledger prices the same attempt
     * again (same usage and instant objects) right after; pricing is pure, so the second call reuses the first.
     */
    private volatile Last last;

    private record Last(ModelId model, Usage usage, boolean batch, Instant at, CostResult result) {}

    CatalogPricer(CostCalculator calculator) {
        this.calculator = calculator;
    }

    @Override
    public Optional<Money> cost(ModelId model, Usage usage, boolean batch, Instant at) {
        return switch (price(model, usage, batch, at)) {
            case CostResult.Priced priced -> Optional.of(priced.cost().total());
            case CostResult.Unpriced unpriced -> Optional.empty();
            case CostResult.InvalidUsage invalid -> Optional.empty();
        };
    }

    /** The ledger's view of the same price: the amount with the price version that produced it. */
    CallCost callCost(ModelId model, Usage usage, boolean batch, Instant at) {
        return switch (price(model, usage, batch, at)) {
            case CostResult.Priced priced ->
                CallCost.priced(priced.cost().total(), priced.cost().priceVersion());
            case CostResult.Unpriced unpriced -> CallCost.unpriced();
            case CostResult.InvalidUsage invalid -> CallCost.unpriced();
        };
    }

    // Identity on purpose: a memo of the last call, hit when the same objects are priced twice in a row.
    @SuppressWarnings("ReferenceEquality")
    private CostResult price(ModelId model, Usage usage, boolean batch, Instant at) {
        Last known = last;
        if (known != null
                && known.usage() == usage
                && known.at() == at
                && known.batch() == batch
                && known.model().equals(model)) {
            return known.result();
        }
        CostResult result = calculator.price(model, usage, batch, at);
        last = new Last(model, usage, batch, at, result);
        return result;
    }
}
