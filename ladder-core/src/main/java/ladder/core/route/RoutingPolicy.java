package ladder.core.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;
import ladder.core.access.AccessDecision;
import ladder.core.access.AccessPolicy;
import ladder.core.access.AuditRecord;
import ladder.core.access.Budget;
import ladder.core.access.BudgetDecision;
import ladder.core.access.BudgetLedger;
import ladder.core.access.Principal;
import ladder.core.access.Reservation;

/**
 * The one place that decides which model a step uses: first routing, escalation and fallback, with access and
 * budget checks on every hop. Immutable apart from the injected {@link BudgetLedger}; safe for concurrent use.
 *
 * <p>Routing semantics, in order: a concrete requested model is honoured, treated as a hint, or refused per team; an
 * explicit tier override needs a grant and is audited; otherwise the first rule (in file order) whose conditions all
 * hold picks the starting tier; with no match, the step type's tier applies, and without a (known) step type the
 * policy's default tier. A tier above the principal's ceiling is capped to the ceiling. The tier maps to a model
 * through the policy's tier-models or the {@link ModelLadder}; access is checked, then worst-case cost is reserved.
 */
public final class RoutingPolicy {

    private final PolicyConfig config;
    private final ModelLadder ladder;
    private final BudgetLedger ledger;
    private final AccessPolicy access;
    private final DifficultyClassifier classifier;
    private final JitterSource jitter;
    private final RouteRule[] rules;
    private final Plan[] rulePlans;
    private final Map<StepType, Plan> stepPlans;
    private final Plan defaultPlan;
    private final Map<Tier, ModelId> tierModels;

    private RoutingPolicy(
            PolicyConfig config,
            ModelLadder ladder,
            BudgetLedger ledger,
            DifficultyClassifier classifier,
            JitterSource jitter) {
        this.config = Objects.requireNonNull(config, "config");
        this.ladder = Objects.requireNonNull(ladder, "ladder");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.access = AccessPolicy.of(config.access());
        this.rules = config.rules().toArray(RouteRule[]::new);
        this.rulePlans = new Plan[rules.length];
        for (int i = 0; i < rules.length; i++) {
            rulePlans[i] = new Plan("rules[" + i + "] " + rules[i].name(), rules[i].tier(), rules[i].floor());
        }
        Map<StepType, Plan> steps = new HashMap<>();
        config.steps()
                .forEach((step, rule) -> steps.put(step, new Plan("step-type " + step, rule.tier(), rule.floor())));
        this.stepPlans = Map.copyOf(steps);
        this.defaultPlan = new Plan("default-tier", config.defaultTier(), config.defaultTier());
        this.tierModels = config.tierModels().isEmpty() ? Map.of() : new EnumMap<>(config.tierModels());
    }

    /** A policy deciding from {@code config}, mapping tiers through {@code ladder}, reserving against {@code ledger}. */
    public static RoutingPolicy of(PolicyConfig config, ModelLadder ladder, BudgetLedger ledger) {
        return new RoutingPolicy(config, ladder, ledger, DifficultyClassifier.none(), JitterSource.random());
    }

    /** A copy that asks {@code value} for a difficulty score when a request carries none. */
    public RoutingPolicy withClassifier(DifficultyClassifier value) {
        return new RoutingPolicy(config, ladder, ledger, value, jitter);
    }

    /** A copy that draws retry jitter from {@code value} (fixed in tests). */
    public RoutingPolicy withJitter(JitterSource value) {
        return new RoutingPolicy(config, ladder, ledger, classifier, value);
    }

    /** The configuration this policy decides from. */
    public PolicyConfig config() {
        return config;
    }

    /** The access part of the policy (principal look-up by API key, tiers, models, budgets). */
    public AccessPolicy access() {
        return access;
    }

    /**
     * Routes the first call of a step. Returns {@link RouteDecision.Use} (with a reservation to settle) or {@link
     * RouteDecision.Refuse}.
     */
    public RouteDecision route(RouteRequest request) {
        Principal principal = request.principal();
        Tier ceiling = access.maxTier(principal);
        List<String> notes = new ArrayList<>(2);
        ModelId requested = request.requestedModelOrNull();
        if (requested != null) {
            switch (access.requestedModelMode(principal)) {
                case DENY -> {
                    return refuse(
                            RefusalCode.REQUESTED_MODEL_DENIED,
                            "team '" + principal.team() + "' may not name a model (requested-models: deny); send"
                                    + " model \"ladder\" with a step type instead of '" + requested + "'",
                            explainEarly(request, ceiling, notes));
                }
                case HONOR -> {
                    return honor(request, requested, ceiling, notes);
                }
                case ROUTE ->
                    notes.add("requested model " + requested + " treated as a hint (requested-models: route)");
            }
        }
        Difficulty difficulty = request.difficultyOrNull();
        if (difficulty == null) {
            difficulty = classifier.classify(request).orElse(null);
            if (difficulty != null) {
                notes.add("difficulty " + difficulty.score() + " from the classifier");
            }
        }
        Plan plan = plan(request, difficulty, notes);
        Tier tier = plan.tier();
        Tier floor = plan.floor();
        List<AuditRecord> audit = List.of();
        TierOverride override = request.overrideOrNull();
        if (override != null) {
            if (!access.allowsOverride(principal, override.tier())) {
                return refuse(
                        RefusalCode.OVERRIDE_DENIED,
                        "team '" + principal.team() + "' may not override to tier " + override.tier()
                                + "; allowed overrides: "
                                + sortedTiers(access.team(principal.team()).overrideTiers()),
                        explain(request, plan, ceiling, notes));
            }
            audit = List.of(
                    new AuditRecord(principal, request.task(), tier, override.tier(), override.reason(), request.at()));
            notes.add("override from " + tier + " to " + override.tier() + ": " + override.reason());
            tier = override.tier();
            floor = tier;
        } else if (tier.isAbove(ceiling)) {
            notes.add(plan.rule() + " picked " + tier + "; capped to " + ceiling + ", the highest tier allowed");
            tier = ceiling;
        }
        if (floor.isAbove(tier)) {
            floor = tier;
        }
        Explanation why = explain(request, plan, ceiling, notes);
        Optional<ModelId> model = modelFor(tier, request);
        if (model.isEmpty()) {
            return refuse(RefusalCode.NO_MODEL_FOR_TIER, "no model is mapped to tier " + tier, why);
        }
        return use(request, model.get(), tier, floor, audit, why);
    }

    /**
     * Decides what to do after the latest call in {@code history} failed with {@code failure}: retry the same model
     * after a delay, reroute along its fallback chain, or refuse (not retryable, attempt cap reached, nothing
     * allowed). A call is never made more than {@code max-attempts} times per step hop sequence, counting the first.
     *
     * @param history the calls made so far for this step, the failed one last
     * @throws java.util.NoSuchElementException if {@code history} is empty
     */
    public RouteDecision onFailure(RouteRequest request, AttemptHistory history, UpstreamFailure failure) {
        Attempt last = history.last();
        FallbackConfig fallback = config.fallback();
        Tier ceiling = access.maxTier(request.principal());
        int attempts = history.attemptsOfCurrentCall();
        Explanation base = explainFrom(request, history, ceiling);
        String what = describe(failure) + " from " + last.model();
        if (!failure.isRetryable()) {
            return refuse(
                    RefusalCode.NOT_RETRYABLE,
                    what + " cannot be helped by retrying or rerouting; passing it through",
                    base);
        }
        FallbackAction action = fallback.actionFor(failure.kind());
        if (action == FallbackAction.FAIL) {
            return refuse(
                    RefusalCode.ATTEMPTS_EXHAUSTED,
                    what + ": the policy says fail on " + failure.kind() + " (fallback.on." + failure.kind() + ")",
                    base);
        }
        if (attempts >= fallback.maxAttempts()) {
            return refuse(
                    RefusalCode.ATTEMPTS_EXHAUSTED,
                    what + ": gave up after " + attempts + " attempts (fallback.max-attempts " + fallback.maxAttempts()
                            + ")",
                    base);
        }
        List<String> notes = new ArrayList<>(2);
        boolean waitTooLong = failure.retryAfter().compareTo(fallback.maxRetryAfter()) > 0;
        if (waitTooLong) {
            notes.add("retry-after " + failure.retryAfter() + " exceeds fallback.max-retry-after "
                    + fallback.maxRetryAfter() + "; rerouting instead of waiting");
        }
        if (action == FallbackAction.REROUTE || waitTooLong) {
            RouteDecision rerouted = reroute(request, history, failure, ceiling, base, notes);
            if (rerouted != null) {
                return rerouted;
            }
            if (waitTooLong) {
                return refuse(
                        RefusalCode.ATTEMPTS_EXHAUSTED,
                        what + ": the server asked to wait " + failure.retryAfter() + ", longer than"
                                + " fallback.max-retry-after " + fallback.maxRetryAfter()
                                + ", and no fallback model is allowed",
                        withCounts(base, history, 0, notes));
            }
            notes.add("no allowed model left in the fallback chain of " + last.model() + "; retrying it");
        }
        Duration delay = failure.retryAfter().isZero()
                ? fallback.backoff().delay(history.retriesInARow(), jitter.next())
                : failure.retryAfter();
        notes.add(what + "; retrying " + last.model() + " after " + delay.toMillis() + " ms"
                + (failure.retryAfter().isZero() ? " (backoff)" : " (retry-after)"));
        Explanation why = withCounts(base, history, 0, notes);
        return hop(request, last.model(), last.tier(), last.floor(), FallbackAction.RETRY, failure, delay, why);
    }

    /**
     * Decides whether a step whose latest call in {@code history} was not good enough may go one tier up: returns
     * {@link RouteDecision.Escalate} (that step only, never the whole task) or {@link RouteDecision.Refuse} when the
     * reason is not a trigger, a cap is reached or the tier above is not allowed.
     *
     * @throws java.util.NoSuchElementException if {@code history} is empty
     */
    public RouteDecision onEscalation(RouteRequest request, AttemptHistory history, EscalationReason reason) {
        Attempt last = history.last();
        EscalationConfig escalation = config.escalation();
        Tier ceiling = access.maxTier(request.principal());
        Explanation base = explainFrom(request, history, ceiling);
        if (!escalation.triggers().contains(reason)) {
            return refuse(
                    RefusalCode.ESCALATION_NOT_ALLOWED,
                    reason + " does not trigger escalation in this policy; triggers: "
                            + escalation.triggers().stream()
                                    .map(EscalationReason::id)
                                    .sorted()
                                    .toList(),
                    base);
        }
        int inStep = history.escalations();
        if (inStep >= escalation.maxPerStep()) {
            return refuse(
                    RefusalCode.ESCALATION_CAP_REACHED,
                    "this step already escalated " + inStep + " time(s) (escalation.max-per-step "
                            + escalation.maxPerStep() + ")",
                    base);
        }
        int inTask = request.escalationsInTask() + inStep;
        if (inTask >= escalation.maxPerTask()) {
            return refuse(
                    RefusalCode.ESCALATION_CAP_REACHED,
                    "task " + request.task() + " already escalated " + inTask + " time(s) (escalation.max-per-task "
                            + escalation.maxPerTask() + ")",
                    base);
        }
        Optional<Tier> up = last.tier().up();
        if (up.isEmpty()) {
            return refuse(
                    RefusalCode.ESCALATION_NOT_ALLOWED, "the step already ran at the top tier " + last.tier(), base);
        }
        Tier next = up.get();
        if (next.isAbove(ceiling)) {
            return refuse(
                    RefusalCode.ESCALATION_NOT_ALLOWED,
                    "cannot escalate from " + last.tier() + " to " + next + ": team '"
                            + request.principal().team() + "' / project '"
                            + request.principal().project() + "' may use tiers up to " + ceiling,
                    base);
        }
        Explanation why = withCounts(
                base, history, 1, List.of("escalated from " + last.tier() + " to " + next + " on " + reason));
        Optional<ModelId> model = modelFor(next, request);
        if (model.isEmpty()) {
            return refuse(RefusalCode.NO_MODEL_FOR_TIER, "no model is mapped to tier " + next, why);
        }
        AccessDecision allowed = access.authorize(request.principal(), next, model.get());
        if (allowed instanceof AccessDecision.Deny deny) {
            return refuse(RefusalCode.ACCESS_DENIED, deny.reason(), why);
        }
        return switch (reserve(request, model.get(), why)) {
            case Reserved r -> new RouteDecision.Escalate(model.get(), next, last.tier(), reason, r.reservation(), why);
            case Refused r -> r.refusal();
        };
    }

    // ---- internals ---------------------------------------------------------------------------------------------

    private record Plan(String rule, Tier tier, Tier floor) {}

    private sealed interface Held {}

    private record Reserved(Reservation reservation) implements Held {}

    private record Refused(RouteDecision.Refuse refusal) implements Held {}

    private Plan plan(RouteRequest request, Difficulty difficulty, List<String> notes) {
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].match().matches(request, difficulty)) {
                return rulePlans[i];
            }
        }
        StepType step = request.stepTypeOrNull();
        if (step != null) {
            Plan plan = stepPlans.get(step);
            if (plan != null) {
                return plan;
            }
            notes.add("step type '" + step + "' is not configured; using the default tier");
        }
        return defaultPlan;
    }

    private RouteDecision honor(RouteRequest request, ModelId requested, Tier ceiling, List<String> notes) {
        Optional<Tier> tier = ladder.tierOf(requested, request.at());
        Plan plan = new Plan(
                "requested-model (honor)", tier.orElse(config.defaultTier()), tier.orElse(config.defaultTier()));
        Explanation why = explain(request, plan, ceiling, notes);
        if (tier.isEmpty()) {
            return refuse(
                    RefusalCode.UNKNOWN_MODEL,
                    "model '" + requested + "' is not in the price catalog, so its tier and cost are unknown; send a"
                            + " known model or \"ladder\"",
                    why);
        }
        return use(request, requested, tier.get(), tier.get(), List.of(), why);
    }

    private RouteDecision use(
            RouteRequest request, ModelId model, Tier tier, Tier floor, List<AuditRecord> audit, Explanation why) {
        AccessDecision allowed = access.authorize(request.principal(), tier, model);
        if (allowed instanceof AccessDecision.Deny deny) {
            return refuse(RefusalCode.ACCESS_DENIED, deny.reason(), why);
        }
        return switch (reserve(request, model, why)) {
            case Reserved r -> new RouteDecision.Use(model, tier, floor, r.reservation(), audit, why);
            case Refused r -> r.refusal();
        };
    }

    /** The first allowed, affordable model of the failed model's chain not yet tried, or null. */
    private RouteDecision reroute(
            RouteRequest request,
            AttemptHistory history,
            UpstreamFailure failure,
            Tier ceiling,
            Explanation base,
            List<String> notes) {
        Attempt last = history.last();
        for (ModelId candidate : config.fallback().chainFor(last.model())) {
            if (history.triedInCurrentCall(candidate)) {
                notes.add("skipped " + candidate + ": already tried for this call");
                continue;
            }
            Optional<Tier> tier = tierOf(candidate, request);
            if (tier.isEmpty()) {
                notes.add("skipped " + candidate + ": not in the price catalog");
                continue;
            }
            if (last.floor().isAbove(tier.get())) {
                notes.add("skipped " + candidate + ": tier " + tier.get() + " is below this step's floor "
                        + last.floor());
                continue;
            }
            if (tier.get().isAbove(ceiling)) {
                notes.add("skipped " + candidate + ": tier " + tier.get() + " is above the ceiling " + ceiling);
                continue;
            }
            AccessDecision allowed = access.authorize(request.principal(), tier.get(), candidate);
            if (allowed instanceof AccessDecision.Deny deny) {
                notes.add("skipped " + candidate + ": " + deny.reason());
                continue;
            }
            List<String> all = new ArrayList<>(notes);
            all.add(describe(failure) + " from " + last.model() + "; rerouting to " + candidate);
            Explanation why = withCounts(base, history, 0, all);
            return hop(
                    request, candidate, tier.get(), last.floor(), FallbackAction.REROUTE, failure, Duration.ZERO, why);
        }
        return null;
    }

    private RouteDecision hop(
            RouteRequest request,
            ModelId model,
            Tier tier,
            Tier floor,
            FallbackAction action,
            UpstreamFailure failure,
            Duration delay,
            Explanation why) {
        AccessDecision allowed = access.authorize(request.principal(), tier, model);
        if (allowed instanceof AccessDecision.Deny deny) {
            return refuse(RefusalCode.ACCESS_DENIED, deny.reason(), why);
        }
        return switch (reserve(request, model, why)) {
            case Reserved r ->
                new RouteDecision.FallBack(model, tier, floor, action, failure, delay, r.reservation(), why);
            case Refused r -> r.refusal();
        };
    }

    private Held reserve(RouteRequest request, ModelId model, Explanation why) {
        List<Budget> budgets = access.budgetsFor(request.principal(), request.task(), request.at());
        if (budgets.isEmpty()) {
            return new Reserved(Reservation.NONE);
        }
        Optional<Money> worst = ladder.worstCaseCost(model, request.inputTokens(), request.maxTokens(), request.at());
        if (worst.isEmpty()) {
            return new Refused(refuse(
                    RefusalCode.UNPRICED_MODEL,
                    "model " + model + " has no price, so its worst-case cost cannot be reserved against the "
                            + budgets.get(0).key(),
                    why));
        }
        return switch (ledger.reserve(budgets, worst.get())) {
            case BudgetDecision.Reserved r -> new Reserved(r.reservation());
            case BudgetDecision.Exhausted e -> new Refused(refuse(RefusalCode.BUDGET_EXHAUSTED, e.message(), why));
        };
    }

    private Optional<ModelId> modelFor(Tier tier, RouteRequest request) {
        ModelId mapped = tierModels.get(tier);
        return mapped != null ? Optional.of(mapped) : ladder.modelFor(tier, request.at());
    }

    private Optional<Tier> tierOf(ModelId model, RouteRequest request) {
        for (Map.Entry<Tier, ModelId> entry : tierModels.entrySet()) {
            if (entry.getValue().equals(model)) {
                return Optional.of(entry.getKey());
            }
        }
        return ladder.tierOf(model, request.at());
    }

    private static RouteDecision.Refuse refuse(RefusalCode code, String message, Explanation why) {
        return new RouteDecision.Refuse(code, message, why);
    }

    private static Explanation explain(RouteRequest request, Plan plan, Tier ceiling, List<String> notes) {
        return new Explanation(plan.rule(), plan.tier(), plan.floor(), ceiling, request, 0, 0, notes);
    }

    private Explanation explainEarly(RouteRequest request, Tier ceiling, List<String> notes) {
        return new Explanation("none", config.defaultTier(), config.defaultTier(), ceiling, request, 0, 0, notes);
    }

    private static Explanation explainFrom(RouteRequest request, AttemptHistory history, Tier ceiling) {
        Attempt first = history.attempts().get(0);
        Attempt last = history.last();
        return new Explanation(
                first.rule(),
                first.startTier(),
                last.floor(),
                ceiling,
                request,
                history.escalations(),
                history.fallbacks(),
                List.of());
    }

    private static Explanation withCounts(
            Explanation base, AttemptHistory history, int escalation, List<String> notes) {
        return base.withCounts(
                history.escalations() + escalation, history.fallbacks() + (escalation == 0 ? 1 : 0), notes);
    }

    private static String describe(UpstreamFailure failure) {
        return failure.status() == 0
                ? failure.kind().id()
                : failure.status() + " " + failure.kind().id();
    }

    private static List<String> sortedTiers(java.util.Set<Tier> tiers) {
        return tiers.stream().sorted().map(Tier::id).toList();
    }
}
