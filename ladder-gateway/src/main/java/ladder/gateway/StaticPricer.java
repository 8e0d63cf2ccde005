package ladder.gateway;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Usage;

/**
 * A fixed price table for tests and demos: Haiku 4.5 $1/$5, Sonnet 4.6 $3/$15, Opus 4.8 $5/$25, Fable 5 $10/$50 per
 * million input/output tokens; cache writes 1.25x (5 minutes) and 2x (1 hour) of input, cache reads 0.1x; batch
 * halves every rate; web search $10 per thousand. A dated id ({@code claude-haiku-4-5-20251001}) prices as its alias.
 */
public final class StaticPricer implements Pricer {

    private static final long NANOS_PER_USD = Money.NANOS_PER_USD;
    private static final long WEB_SEARCH_NANOS = 10_000_000L;

    /** Input and output rates in nano-dollars per million tokens. */
    private record Rates(long input, long output) {}

    private static final Map<String, Rates> RATES = Map.of(
            ModelId.HAIKU_4_5.value(), new Rates(1 * NANOS_PER_USD, 5 * NANOS_PER_USD),
            ModelId.SONNET_4_6.value(), new Rates(3 * NANOS_PER_USD, 15 * NANOS_PER_USD),
            ModelId.OPUS_4_8.value(), new Rates(5 * NANOS_PER_USD, 25 * NANOS_PER_USD),
            ModelId.FABLE_5.value(), new Rates(10 * NANOS_PER_USD, 50 * NANOS_PER_USD));

    @Override
    public Optional<Money> cost(ModelId model, Usage usage, boolean batch, Instant at) {
        Rates rates = ratesOf(model.value());
        if (rates == null) {
            return Optional.empty();
        }
        long divisor = batch ? 2 : 1;
        long in = rates.input() / divisor;
        long out = rates.output() / divisor;
        long write5m = in * 5 / 4;
        long write1h = in * 2;
        long read = in / 10;
        long written5m;
        long written1h;
        if (usage.cacheCreation() instanceof Usage.CacheCreation.Split split) {
            written5m = split.ephemeral5mInputTokens();
            written1h = split.ephemeral1hInputTokens();
        } else {
            written5m = usage.cacheCreationInputTokens();
            written1h = 0;
        }
        // Sum tokens x rate exactly, then divide by a million once, rounding half-even (STYLE.md, money).
        BigInteger micro = BigInteger.valueOf(usage.inputTokens())
                .multiply(BigInteger.valueOf(in))
                .add(BigInteger.valueOf(usage.outputTokens()).multiply(BigInteger.valueOf(out)))
                .add(BigInteger.valueOf(written5m).multiply(BigInteger.valueOf(write5m)))
                .add(BigInteger.valueOf(written1h).multiply(BigInteger.valueOf(write1h)))
                .add(BigInteger.valueOf(usage.cacheReadInputTokens()).multiply(BigInteger.valueOf(read)));
        long nanos = new java.math.BigDecimal(micro)
                .movePointLeft(6)
                .setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
        long search = Math.multiplyExact(usage.serverToolUse().webSearchRequests(), WEB_SEARCH_NANOS);
        return Optional.of(Money.ofNanos(Math.addExact(nanos, search)));
    }

    private static Rates ratesOf(String id) {
        Rates exact = RATES.get(id);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Rates> e : RATES.entrySet()) {
            if (id.startsWith(e.getKey() + "-")
                    && id.substring(e.getKey().length() + 1).matches("\\d{8}")) {
                return e.getValue();
            }
        }
        return null;
    }
}
