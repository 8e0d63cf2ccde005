package ladder.core.ledger;

import java.util.Objects;
import ladder.core.Money;

/**
 * What one team's project spent within a time window.
 *
 * @param team the team; non-blank
 * @param project the project, or empty for calls made without one
 * @param total the sum of priced attempts' cost, in nano-dollars
 * @param attempts the number of attempts, {@code >= 1}
 * @param unpricedAttempts how many attempts were unpriced, {@code 0..attempts}
 */
public record SpendLine(String team, String project, Money total, long attempts, long unpricedAttempts) {

    public SpendLine {
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(total, "total");
        if (attempts < 1 || unpricedAttempts < 0 || unpricedAttempts > attempts) {
            throw new IllegalArgumentException("need 1 <= attempts and 0 <= unpriced attempts <= attempts, were "
                    + attempts + " and " + unpricedAttempts);
        }
    }
}
