package ladder.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Hash64Test {

    @Test
    void of_bytes_fixedValue() {
        // Stored fingerprints are compared across processes: a change of function must be deliberate.
        byte[] bytes = "You are a careful billing assistant.".getBytes(StandardCharsets.UTF_8);

        assertThat(Hash64.of(bytes, 0, bytes.length)).isEqualTo(Hash64.of(bytes.clone(), 0, bytes.length));
        assertThat(Hash64.of(bytes, 0, bytes.length)).isEqualTo(FIXED);
    }

    private static final long FIXED = 3214564230805607711L;

    @Test
    void of_bytes_everyLengthAndTrailingZeroDiffers() {
        byte[] zeros = new byte[40];
        Set<Long> seen = new HashSet<>();
        for (int length = 0; length <= zeros.length; length++) {
            seen.add(Hash64.of(zeros, 0, length));
        }

        // Zero bytes pack into the same words as shorter input: the length keeps them apart.
        assertThat(seen).hasSize(zeros.length + 1);
    }

    @Test
    void of_bytes_rangeOfALargerArray_sameAsTheBytesAlone() {
        byte[] text = "prefix|the block itself|suffix".getBytes(StandardCharsets.UTF_8);
        byte[] block = "the block itself".getBytes(StandardCharsets.UTF_8);

        assertThat(Hash64.of(text, 7, 7 + block.length)).isEqualTo(Hash64.of(block, 0, block.length));
    }

    @Test
    void of_bytes_oneBitFlipAnywhere_changesTheHash() {
        byte[] bytes = new byte[37];
        long base = Hash64.of(bytes, 0, bytes.length);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < bytes.length * 8; i++) {
            bytes[i / 8] ^= (byte) (1 << (i % 8));
            seen.add(Hash64.of(bytes, 0, bytes.length));
            bytes[i / 8] ^= (byte) (1 << (i % 8));
        }

        assertThat(seen).hasSize(bytes.length * 8).doesNotContain(base);
    }

    @Test
    void of_words_orderMatters() {
        assertThat(Hash64.of(new long[] {1, 2})).isNotEqualTo(Hash64.of(new long[] {2, 1}));
        assertThat(Hash64.of(new long[] {0})).isNotEqualTo(Hash64.of(new long[] {0, 0}));
    }
}
