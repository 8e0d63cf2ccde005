package ladder.core.access;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One API key known to the policy. The policy stores the key's SHA-256, never the key.
 *
 * @param sha256 the lower-case hex SHA-256 of the key's UTF-8 bytes (64 hex digits)
 * @param principal who the key belongs to
 */
public record KeyEntry(String sha256, Principal principal) {

    public KeyEntry {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(principal, "principal");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("key sha256 must be 64 hex digits, was '" + sha256 + "'");
        }
    }
}
