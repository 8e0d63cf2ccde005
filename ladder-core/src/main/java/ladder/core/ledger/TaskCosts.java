package ladder.core.ledger;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cost per task over a window, overall and per group of each requested dimension.
 *
 * @param overall the whole window (group {@code ""})
 * @param byDimension per requested dimension, its groups by descending total (at most the query's limit); copied
 */
public record TaskCosts(TaskCostStats overall, Map<Dimension, List<TaskCostStats>> byDimension) {

    public TaskCosts {
        Objects.requireNonNull(overall, "overall");
        Map<Dimension, List<TaskCostStats>> copy = new EnumMap<>(Dimension.class);
        byDimension.forEach((d, groups) -> copy.put(d, List.copyOf(groups)));
        byDimension = Map.copyOf(copy);
    }

    /** The groups of {@code dimension}, empty when it was not requested. */
    public List<TaskCostStats> groups(Dimension dimension) {
        return byDimension.getOrDefault(dimension, List.of());
    }
}
