package ladder.core.route;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import ladder.core.ModelId;
import ladder.core.TaskId;
import ladder.core.access.Principal;

/**
 * Everything routing knows about one call before it is made. Immutable; build with {@link #builder}. Optional parts
 * (step type, requested model, difficulty, override) are absent unless set.
 */
public final class RouteRequest {

    /** Model names that mean "let Ladder route" rather than naming a concrete model. */
    public static final Set<String> ROUTE_NAMES = Set.of("ladder", "auto");

    private final Principal principal;
    private final TaskId task;
    private final Instant at;
    private final StepType stepType;
    private final ModelId requestedModel;
    private final long inputTokens;
    private final long maxTokens;
    private final boolean toolsPresent;
    private final int failuresInTask;
    private final int escalationsInTask;
    private final Difficulty difficulty;
    private final TierOverride override;

    private RouteRequest(Builder b) {
        this.principal = b.principal;
        this.task = b.task;
        this.at = b.at;
        this.stepType = b.stepType;
        this.requestedModel = b.requestedModel;
        this.inputTokens = b.inputTokens;
        this.maxTokens = b.maxTokens;
        this.toolsPresent = b.toolsPresent;
        this.failuresInTask = b.failuresInTask;
        this.escalationsInTask = b.escalationsInTask;
        this.difficulty = b.difficulty;
        this.override = b.override;
    }

    /** A builder for a call by {@code principal} in {@code task} at {@code at}. */
    public static Builder builder(Principal principal, TaskId task, Instant at) {
        return new Builder(principal, task, at);
    }

    /** A builder holding this request's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(principal, task, at);
        b.stepType = stepType;
        b.requestedModel = requestedModel;
        b.inputTokens = inputTokens;
        b.maxTokens = maxTokens;
        b.toolsPresent = toolsPresent;
        b.failuresInTask = failuresInTask;
        b.escalationsInTask = escalationsInTask;
        b.difficulty = difficulty;
        b.override = override;
        return b;
    }

    /** Who is calling (from the API key). */
    public Principal principal() {
        return principal;
    }

    /** The task this call belongs to. */
    public TaskId task() {
        return task;
    }

    /** When the call is routed (prices, budget months and audit use it). */
    public Instant at() {
        return at;
    }

    /** The step type the caller declared, or empty: the policy's default tier applies. */
    public Optional<StepType> stepType() {
        return Optional.ofNullable(stepType);
    }

    /** The concrete model the client named, or empty when it sent a route name ({@link #ROUTE_NAMES}) or none. */
    public Optional<ModelId> requestedModel() {
        return Optional.ofNullable(requestedModel);
    }

    /** Estimated input tokens of the call, {@code >= 0}. */
    public long inputTokens() {
        return inputTokens;
    }

    /** The call's {@code max_tokens}, {@code >= 0}; the worst-case output. */
    public long maxTokens() {
        return maxTokens;
    }

    /** Whether the call offers tools. */
    public boolean toolsPresent() {
        return toolsPresent;
    }

    /** How many earlier calls of the same task failed, {@code >= 0}. */
    public int failuresInTask() {
        return failuresInTask;
    }

    /** How many escalations earlier calls of the same task used, {@code >= 0} (for the per-task cap). */
    public int escalationsInTask() {
        return escalationsInTask;
    }

    /** The difficulty the caller sent, or empty. */
    public Optional<Difficulty> difficulty() {
        return Optional.ofNullable(difficulty);
    }

    /** The caller's explicit tier request, or empty. */
    public Optional<TierOverride> override() {
        return Optional.ofNullable(override);
    }

    // nullable fields, read without Optional on the hot path
    StepType stepTypeOrNull() {
        return stepType;
    }

    ModelId requestedModelOrNull() {
        return requestedModel;
    }

    Difficulty difficultyOrNull() {
        return difficulty;
    }

    TierOverride overrideOrNull() {
        return override;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteRequest r
                && principal.equals(r.principal)
                && task.equals(r.task)
                && at.equals(r.at)
                && Objects.equals(stepType, r.stepType)
                && Objects.equals(requestedModel, r.requestedModel)
                && inputTokens == r.inputTokens
                && maxTokens == r.maxTokens
                && toolsPresent == r.toolsPresent
                && failuresInTask == r.failuresInTask
                && escalationsInTask == r.escalationsInTask
                && Objects.equals(difficulty, r.difficulty)
                && Objects.equals(override, r.override);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                principal,
                task,
                at,
                stepType,
                requestedModel,
                inputTokens,
                maxTokens,
                toolsPresent,
                failuresInTask,
                escalationsInTask,
                difficulty,
                override);
    }

    @Override
    public String toString() {
        return "RouteRequest[" + principal + ", task=" + task + ", step=" + stepType + ", requested=" + requestedModel
                + ", inputTokens=" + inputTokens + ", maxTokens=" + maxTokens + ", tools=" + toolsPresent
                + ", failures=" + failuresInTask + ", escalations=" + escalationsInTask + ", difficulty="
                + difficulty + ", override=" + override + ", at=" + at + "]";
    }

    /** Builds a {@link RouteRequest}; every setter validates its argument. */
    public static final class Builder {
        private final Principal principal;
        private final TaskId task;
        private final Instant at;
        private StepType stepType;
        private ModelId requestedModel;
        private long inputTokens;
        private long maxTokens;
        private boolean toolsPresent;
        private int failuresInTask;
        private int escalationsInTask;
        private Difficulty difficulty;
        private TierOverride override;

        private Builder(Principal principal, TaskId task, Instant at) {
            this.principal = Objects.requireNonNull(principal, "principal");
            this.task = Objects.requireNonNull(task, "task");
            this.at = Objects.requireNonNull(at, "at");
        }

        /** The declared step type. */
        public Builder stepType(StepType value) {
            this.stepType = Objects.requireNonNull(value, "stepType");
            return this;
        }

        /** The declared step type, parsed with {@link StepType#of}. */
        public Builder stepType(String value) {
            return stepType(StepType.of(value));
        }

        /** The model the client named; a route name ({@link #ROUTE_NAMES}) means none. */
        public Builder requestedModel(String value) {
            Objects.requireNonNull(value, "requestedModel");
            this.requestedModel =
                    ROUTE_NAMES.contains(value.trim().toLowerCase(Locale.ROOT)) ? null : ModelId.of(value.trim());
            return this;
        }

        /** Estimated input tokens, {@code >= 0}. */
        public Builder inputTokens(long value) {
            this.inputTokens = requireNonNegative("inputTokens", value);
            return this;
        }

        /** The call's {@code max_tokens}, {@code >= 0}. */
        public Builder maxTokens(long value) {
            this.maxTokens = requireNonNegative("maxTokens", value);
            return this;
        }

        /** Whether the call offers tools. */
        public Builder toolsPresent(boolean value) {
            this.toolsPresent = value;
            return this;
        }

        /** Failed earlier calls in the task, {@code >= 0}. */
        public Builder failuresInTask(int value) {
            this.failuresInTask = (int) requireNonNegative("failuresInTask", value);
            return this;
        }

        /** Escalations used by earlier calls in the task, {@code >= 0}. */
        public Builder escalationsInTask(int value) {
            this.escalationsInTask = (int) requireNonNegative("escalationsInTask", value);
            return this;
        }

        /** The caller's difficulty score. */
        public Builder difficulty(Difficulty value) {
            this.difficulty = Objects.requireNonNull(value, "difficulty");
            return this;
        }

        /** An explicit tier request with its reason. */
        public Builder override(TierOverride value) {
            this.override = Objects.requireNonNull(value, "override");
            return this;
        }

        /** The request. */
        public RouteRequest build() {
            return new RouteRequest(this);
        }

        private static long requireNonNegative(String field, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(field + " must be >= 0, was " + value);
            }
            return value;
        }
    }
}
