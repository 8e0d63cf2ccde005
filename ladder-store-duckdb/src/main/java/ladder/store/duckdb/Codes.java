package ladder.store.duckdb;

import ladder.core.Tier;
import ladder.core.ledger.AttemptKind;

/** The stable integer codes the schema stores for enums (see V1__calls.sql); never enum ordinals. */
final class Codes {

    private Codes() {}

    static int tier(Tier tier) {
        return switch (tier) {
            case SMALL -> 1;
            case MEDIUM -> 2;
            case LARGE -> 3;
            case FRONTIER -> 4;
        };
    }

    static Tier tier(int code) {
        return switch (code) {
            case 1 -> Tier.SMALL;
            case 2 -> Tier.MEDIUM;
            case 3 -> Tier.LARGE;
            case 4 -> Tier.FRONTIER;
            default -> throw new IllegalStateException("unknown tier code " + code + " in ladder_calls");
        };
    }

    static int kind(AttemptKind kind) {
        return switch (kind) {
            case FIRST -> 0;
            case RETRY -> 1;
            case FALLBACK -> 2;
            case ESCALATION -> 3;
        };
    }

    static AttemptKind kind(int code) {
        return switch (code) {
            case 0 -> AttemptKind.FIRST;
            case 1 -> AttemptKind.RETRY;
            case 2 -> AttemptKind.FALLBACK;
            case 3 -> AttemptKind.ESCALATION;
            default -> throw new IllegalStateException("unknown attempt kind code " + code + " in ladder_calls");
        };
    }
}
