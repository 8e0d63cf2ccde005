package ladder.sim;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenEstimatorTest {

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "4,1", "5,2", "8,2", "4000,1000"})
    void tokens_chars_roundUpToFourPerToken(int chars, int tokens) {
        assertThat(TokenEstimator.tokens(chars)).isEqualTo(tokens);
    }

    @Property
    void tokens_neverShrinkWithMoreText(@ForAll @IntRange(max = 1_000_000) int chars) {
        assertThat(TokenEstimator.tokens(chars + 1)).isGreaterThanOrEqualTo(TokenEstimator.tokens(chars));
    }

    @Property
    void tokens_ofTwoPartsAtLeastTheWhole(
            @ForAll @IntRange(max = 100_000) int a, @ForAll @IntRange(max = 100_000) int b) {
        assertThat(TokenEstimator.tokens(a) + TokenEstimator.tokens(b))
                .isGreaterThanOrEqualTo(TokenEstimator.tokens(a + b));
    }
}
