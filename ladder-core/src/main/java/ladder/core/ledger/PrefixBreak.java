package ladder.core.ledger;

import java.util.Objects;

/**
 * A cacheable prompt block that changed against the same task's previous call, so the prompt cache could not be
 * read from that block on. Holds no prompt text: the context is redacted (digits become {@code 9}, letters {@code
 * a}, punctuation and spaces stay), enough to recognise a timestamp or reordered JSON keys.
 *
 * @param block which block: {@code tools}, {@code system} or {@code messages[i]}; non-blank
 * @param byteOffset offset in the block's bytes of the first chunk that differs, {@code >= 0}
 * @param context redacted bytes around that offset, at most {@link #MAX_CONTEXT_CHARS} characters
 */
public record PrefixBreak(String block, long byteOffset, String context) {

    /** The longest redacted context kept. */
    public static final int MAX_CONTEXT_CHARS = 64;

    public PrefixBreak {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(context, "context");
        if (block.isBlank()) {
            throw new IllegalArgumentException("prefix break block must not be blank");
        }
        if (byteOffset < 0) {
            throw new IllegalArgumentException("prefix break byte offset must be >= 0, was " + byteOffset);
        }
        if (context.length() > MAX_CONTEXT_CHARS) {
            throw new IllegalArgumentException(
                    "prefix break context must be at most " + MAX_CONTEXT_CHARS + " chars, was " + context.length());
        }
    }
}
