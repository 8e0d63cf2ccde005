package ladder.core;

import java.util.Objects;

/**
 * A model identifier as the API spells it ({@code claude-sonnet-4-6}, {@code claude-haiku-4-5-20251001}, {@code
 * us.anthropic.claude-opus-4-8-v1:0}, ...). An open value: unknown ids flow through and are priced as unknown,
 * never as $0.
 *
 * @param value the id exactly as received; non-blank
 */
public record ModelId(String value) {

    public static final ModelId HAIKU_4_5 = new ModelId("claude-haiku-4-5");
    public static final ModelId SONNET_4_6 = new ModelId("claude-sonnet-4-6");
    public static final ModelId OPUS_4_8 = new ModelId("claude-opus-4-8");
    public static final ModelId FABLE_5 = new ModelId("claude-fable-5");
    public static final ModelId OPUS_4_1 = new ModelId("claude-opus-4-1");

    public ModelId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("model id must not be blank");
        }
    }

    /** Returns the model id for {@code value}. */
    public static ModelId of(String value) {
        return new ModelId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
