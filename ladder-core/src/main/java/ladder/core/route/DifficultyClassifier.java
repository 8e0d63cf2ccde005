package ladder.core.route;

import java.util.Optional;

/**
 * Optional plug-in that scores a step's difficulty when the caller did not send one. None is required; routing
 * rules that match on difficulty simply do not match when no score is known. Must be fast and side-effect free: it
 * runs on every routing decision.
 */
@FunctionalInterface
public interface DifficultyClassifier {

    /** The difficulty of {@code request}, or empty when the classifier cannot tell. */
    Optional<Difficulty> classify(RouteRequest request);

    /** A classifier that never knows. */
    static DifficultyClassifier none() {
        return request -> Optional.empty();
    }
}
