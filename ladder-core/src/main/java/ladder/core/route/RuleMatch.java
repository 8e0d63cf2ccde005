package ladder.core.route;

import java.util.Objects;
import java.util.Set;
import ladder.core.ModelId;

/**
 * The conditions of a route rule. Every condition must hold (AND); an empty set or an {@code ANY} range places no
 * condition. Within a set, any member matches (OR).
 *
 * @param steps step types; a call without a step type matches only an empty set
 * @param teams team names
 * @param projects project names
 * @param inputTokens the estimated input tokens
 * @param tools whether tools must be present or absent
 * @param failures earlier failures in the same task
 * @param difficulty the difficulty score; a call with no known score matches only {@link ScoreRange#ANY}
 * @param requestedModels the concrete model the client named; a call that named none matches only an empty set
 */
public record RuleMatch(
        Set<StepType> steps,
        Set<String> teams,
        Set<String> projects,
        LongRange inputTokens,
        ToolsCondition tools,
        LongRange failures,
        ScoreRange difficulty,
        Set<ModelId> requestedModels) {

    /** Matches every call. */
    public static final RuleMatch ANY = new RuleMatch(
            Set.of(), Set.of(), Set.of(), LongRange.ANY, ToolsCondition.ANY, LongRange.ANY, ScoreRange.ANY, Set.of());

    public RuleMatch {
        steps = Set.copyOf(steps);
        teams = Set.copyOf(teams);
        projects = Set.copyOf(projects);
        Objects.requireNonNull(inputTokens, "inputTokens");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(difficulty, "difficulty");
        requestedModels = Set.copyOf(requestedModels);
    }

    /** A copy matching only these step types. */
    public RuleMatch withSteps(Set<StepType> value) {
        return new RuleMatch(value, teams, projects, inputTokens, tools, failures, difficulty, requestedModels);
    }

    /** Whether the call matches; {@code difficulty} may be null when no score is known. */
    boolean matches(RouteRequest request, Difficulty knownDifficulty) {
        // cheapest checks first: this runs for every rule until one matches
        if (!inputTokens.contains(request.inputTokens())
                || !tools.matches(request.toolsPresent())
                || !failures.contains(request.failuresInTask())) {
            return false;
        }
        if (!steps.isEmpty()) {
            StepType step = request.stepTypeOrNull();
            if (step == null || !steps.contains(step)) {
                return false;
            }
        }
        if (!teams.isEmpty() && !teams.contains(request.principal().team())) {
            return false;
        }
        if (!projects.isEmpty() && !projects.contains(request.principal().project())) {
            return false;
        }
        if (!difficulty.isAny() && (knownDifficulty == null || !difficulty.contains(knownDifficulty.score()))) {
            return false;
        }
        if (!requestedModels.isEmpty()) {
            ModelId requested = request.requestedModelOrNull();
            return requested != null && requestedModels.contains(requested);
        }
        return true;
    }
}
