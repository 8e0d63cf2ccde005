package ladder.core.route;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import ladder.core.Tier;

/**
 * The kind of work an agent step does ({@code classify}, {@code plan}, ...). An open set: a policy may name new step
 * types; a step type the policy does not know starts at the policy's default tier.
 *
 * @param id lower-case letters, digits, {@code _} and {@code -}; starts with a letter
 */
public record StepType(String id) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*");

    public static final StepType CLASSIFY = new StepType("classify");
    public static final StepType EXTRACT = new StepType("extract");
    public static final StepType ROUTE = new StepType("route");
    public static final StepType TRIAGE = new StepType("triage");
    public static final StepType EXECUTE = new StepType("execute");
    public static final StepType DRAFT = new StepType("draft");
    public static final StepType SUMMARIZE = new StepType("summarize");
    public static final StepType TRANSFORM = new StepType("transform");
    public static final StepType SQL = new StepType("sql");
    public static final StepType TOOL_CALL = new StepType("tool_call");
    public static final StepType PLAN = new StepType("plan");
    public static final StepType REASON = new StepType("reason");
    public static final StepType SYNTHESIZE = new StepType("synthesize");
    public static final StepType REFACTOR = new StepType("refactor");
    public static final StepType ROOT_CAUSE = new StepType("root_cause");

    /**
     * Where the built-in step types start. Frontier is never a default: it is reached only by a rule, an override
     * or an escalation the team's allowance permits.
     */
    public static final Map<StepType, Tier> DEFAULT_TIERS = Map.ofEntries(
            Map.entry(CLASSIFY, Tier.SMALL),
            Map.entry(EXTRACT, Tier.SMALL),
            Map.entry(ROUTE, Tier.SMALL),
            Map.entry(TRIAGE, Tier.SMALL),
            Map.entry(EXECUTE, Tier.MEDIUM),
            Map.entry(DRAFT, Tier.MEDIUM),
            Map.entry(SUMMARIZE, Tier.MEDIUM),
            Map.entry(TRANSFORM, Tier.MEDIUM),
            Map.entry(SQL, Tier.MEDIUM),
            Map.entry(TOOL_CALL, Tier.MEDIUM),
            Map.entry(PLAN, Tier.LARGE),
            Map.entry(REASON, Tier.LARGE),
            Map.entry(SYNTHESIZE, Tier.LARGE),
            Map.entry(REFACTOR, Tier.LARGE),
            Map.entry(ROOT_CAUSE, Tier.LARGE));

    public StepType {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("step type '" + id
                    + "' is not valid; use lower-case letters, digits, '_' or '-', starting with a letter");
        }
    }

    /** The step type for {@code text}, lower-cased and trimmed. */
    public static StepType of(String text) {
        return new StepType(text.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether this is one of the classification-like steps ({@code classify, extract, route, triage}). */
    public boolean isClassification() {
        return equals(CLASSIFY) || equals(EXTRACT) || equals(ROUTE) || equals(TRIAGE);
    }

    @Override
    public String toString() {
        return id;
    }
}
