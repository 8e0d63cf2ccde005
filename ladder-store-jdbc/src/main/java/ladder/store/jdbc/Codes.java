package ladder.store.jdbc;

import ladder.core.Tier;
import ladder.core.ledger.AttemptKind;

/** The stable integer codes both ledger schemas store for enums (see their V1__calls.sql); never enum ordinals. */
public final class Codes {

    private Codes() {}

    /** The code of {@code tier} (1 to 4). */
    public static int tier(Tier tier) {
        return switch (tier) {
            case SMALL -> 1;
            case MEDIUM -> 2;
            case LARGE -> 3;
            case FRONTIER -> 4;
        };
    }

    /** The tier stored as {@code code}; an unknown code is a corrupt row ({@link IllegalStateException}). */
    public static Tier tier(int code) {
        return switch (code) {
            case 1 -> Tier.SMALL;
            case 2 -> Tier.MEDIUM;
            case 3 -> Tier.LARGE;
            case 4 -> Tier.FRONTIER;
            default -> throw new IllegalStateException("unknown tier code " + code + " in ladder_calls");
        };
    }

    /** The code of {@code kind} (0 to 3). */
    public static int kind(AttemptKind kind) {
        return switch (kind) {
            case FIRST -> 0;
            case RETRY -> 1;
            case FALLBACK -> 2;
            case ESCALATION -> 3;
        };
    }

    /** The attempt kind stored as {@code code}; an unknown code is a corrupt row. */
    public static AttemptKind kind(int code) {
        return switch (code) {
            case 0 -> AttemptKind.FIRST;
            case 1 -> AttemptKind.RETRY;
            case 2 -> AttemptKind.FALLBACK;
            case 3 -> AttemptKind.ESCALATION;
            default -> throw new IllegalStateException("unknown attempt kind code " + code + " in ladder_calls");
        };
    }
}
