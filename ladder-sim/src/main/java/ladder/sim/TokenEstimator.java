package ladder.sim;

/** Estimates token counts the way the sim bills them: about four characters of JSON text per token. */
final class TokenEstimator {

    /** Characters per token; the real tokenizer averages close to this on English and JSON. */
    static final int CHARS_PER_TOKEN = 4;

    private TokenEstimator() {}

    /** Tokens of {@code chars} characters: rounded up, at least 1 for non-empty text, 0 for empty text. */
    static int tokens(int chars) {
        if (chars < 0) {
            throw new IllegalArgumentException("chars must not be negative, was " + chars);
        }
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** Tokens of {@code text}. */
    static int tokens(String text) {
        return tokens(text.length());
    }
}
