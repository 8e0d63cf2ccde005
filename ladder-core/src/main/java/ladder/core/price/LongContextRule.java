package ladder.core.price;

import java.util.Objects;

/**
 * Whether a model charges a premium for long prompts. When a request's total input (uncached input plus cache
 * writes plus cache reads) exceeds the threshold, every input class (uncached input, both cache writes, cache
 * reads) is multiplied by the input factor and output by the output factor, for the whole request.
 */
public sealed interface LongContextRule {

    /** Whether a request with {@code totalInputTokens} input tokens pays the premium. */
    boolean appliesTo(long totalInputTokens);

    /** No long-context premium: the same rates at any prompt length. */
    enum None implements LongContextRule {
        INSTANCE;

        @Override
        public boolean appliesTo(long totalInputTokens) {
            return false;
        }
    }

    /**
     * A premium above a threshold.
     *
     * @param thresholdInputTokens the premium applies when total input is strictly greater than this, {@code > 0}
     * @param inputFactor multiplier on every input class (e.g. 2)
     * @param outputFactor multiplier on output (e.g. 1.5)
     */
    record Premium(long thresholdInputTokens, Factor inputFactor, Factor outputFactor) implements LongContextRule {
        public Premium {
            if (thresholdInputTokens <= 0) {
                throw new IllegalArgumentException(
                        "long-context threshold must be > 0 tokens, was " + thresholdInputTokens);
            }
            Objects.requireNonNull(inputFactor, "inputFactor");
            Objects.requireNonNull(outputFactor, "outputFactor");
        }

        @Override
        public boolean appliesTo(long totalInputTokens) {
            return totalInputTokens > thresholdInputTokens;
        }
    }
}
