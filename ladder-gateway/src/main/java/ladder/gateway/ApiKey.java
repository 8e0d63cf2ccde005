package ladder.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One Ladder client key as stored: never the key itself, only its SHA-256 (keys are 256 random bits, so a plain hash
 * is enough), the team and project it bills to, and whether it is revoked.
 *
 * @param id public id shown in logs and the ledger ({@code key_} + 12 hex digits of the hash)
 * @param sha256 lower-case hex SHA-256 of the key's UTF-8 bytes, 64 characters
 * @param team the team the key belongs to, non-blank
 * @param project the project the key belongs to, non-blank
 * @param revoked whether the key is refused
 */
public record ApiKey(String id, String sha256, String team, String project, boolean revoked) {

    /** Prefix of every Ladder key, so a leaked one is recognizable. */
    public static final String KEY_PREFIX = "lk_";

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(project, "project");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
        if (id.isBlank() || team.isBlank() || project.isBlank()) {
            throw new IllegalArgumentException("id, team and project must not be blank");
        }
    }

    /**
     * A new key for {@code team} and {@code project}.
     *
     * @return the stored form and, once, the plain key to hand to the user
     */
    public static Created create(String team, String project, SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String hash = sha256Hex(key);
        return new Created(key, new ApiKey("key_" + hash.substring(0, 12), hash, team, project, false));
    }

    /**
     * A freshly created key.
     *
     * @param plainKey the key to show the user once; never stored or logged
     * @param stored what the keys file keeps
     */
    public record Created(String plainKey, ApiKey stored) {
        @Override
        public String toString() {
            return "Created[" + stored + "]";
        }
    }

    /** Lower-case hex SHA-256 of {@code key}'s UTF-8 bytes. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    static byte[] sha256(String key) {
        // Cloning a prototype skips the provider lookup of MessageDigest.getInstance on every key check.
        try {
            MessageDigest digest = (MessageDigest) SHA_256.clone();
            return digest.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            return newSha256().digest(key.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final MessageDigest SHA_256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
