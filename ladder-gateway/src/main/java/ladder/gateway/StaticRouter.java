package ladder.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ladder.core.ModelId;
import ladder.core.Tier;

/**
 * A fixed routing table for tests and demos: steps map to tiers, tiers to one model each, a 529 falls back to the next
 * model of a list, at most {@link #DEFAULT_MAX_ATTEMPTS} attempts per call, escalation one tier up (never to {@link
 * Tier#FRONTIER}, which only an explicit override reaches). Immutable; the {@code with*} methods return copies.
 */
public final class StaticRouter implements Router {

    /** Upstream attempts per client call, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** The longest {@code retry-after} worth waiting for inside one client call; longer waits go to the client. */
    public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(10);

    /** Backoff for a retryable failure that named no wait. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);

    private static final Map<String, Tier> STEPS = Map.ofEntries(
            Map.entry("classify", Tier.SMALL),
            Map.entry("extract", Tier.SMALL),
            Map.entry("route", Tier.SMALL),
            Map.entry("triage", Tier.SMALL),
            Map.entry("execute", Tier.MEDIUM),
            Map.entry("draft", Tier.MEDIUM),
            Map.entry("summarize", Tier.MEDIUM),
            Map.entry("transform", Tier.MEDIUM),
            Map.entry("plan", Tier.LARGE),
            Map.entry("reason", Tier.LARGE),
            Map.entry("synthesize", Tier.LARGE));

    private final Map<Tier, ModelId> models;
    private final List<ModelId> fallbackOrder;
    private final Map<String, Set<Tier>> allowedTiers;
    private final Map<String, String> exhaustedBudgets;
    private final int maxAttempts;

    private StaticRouter(
            Map<Tier, ModelId> models,
            List<ModelId> fallbackOrder,
            Map<String, Set<Tier>> allowedTiers,
            Map<String, String> exhaustedBudgets,
            int maxAttempts) {
        this.models = Map.copyOf(models);
        this.fallbackOrder = List.copyOf(fallbackOrder);
        this.allowedTiers = Map.copyOf(allowedTiers);
        this.exhaustedBudgets = Map.copyOf(exhaustedBudgets);
        this.maxAttempts = maxAttempts;
    }

    /**
     * small = Haiku 4.5, medium = Sonnet 4.6, large = Opus 4.8, frontier = Fable 5; an overloaded model falls back to
     * the next in Opus 4.8, Opus 4.1, Sonnet 4.6, Haiku 4.5 (Fable 5 falls back to Opus 4.8); every team may use every
     * tier.
     */
    public static StaticRouter defaults() {
        Map<Tier, ModelId> models = new EnumMap<>(Tier.class);
        models.put(Tier.SMALL, ModelId.HAIKU_4_5);
        models.put(Tier.MEDIUM, ModelId.SONNET_4_6);
        models.put(Tier.LARGE, ModelId.OPUS_4_8);
        models.put(Tier.FRONTIER, ModelId.FABLE_5);
        return new StaticRouter(
                models,
                List.of(ModelId.FABLE_5, ModelId.OPUS_4_8, ModelId.OPUS_4_1, ModelId.SONNET_4_6, ModelId.HAIKU_4_5),
                Map.of(),
                Map.of(),
                DEFAULT_MAX_ATTEMPTS);
    }

    /** A copy where {@code team} may use only {@code tiers}. */
    public StaticRouter withAllowedTiers(String team, Set<Tier> tiers) {
        Map<String, Set<Tier>> allowed = new HashMap<>(allowedTiers);
        allowed.put(team, Set.copyOf(tiers));
        return new StaticRouter(models, fallbackOrder, allowed, exhaustedBudgets, maxAttempts);
    }

    /** A copy where {@code team}'s budget is exhausted; {@code message} names the budget and when it resets. */
    public StaticRouter withExhaustedBudget(String team, String message) {
        Map<String, String> exhausted = new HashMap<>(exhaustedBudgets);
        exhausted.put(team, message);
        return new StaticRouter(models, fallbackOrder, allowedTiers, exhausted, maxAttempts);
    }

    /** A copy whose overload fallback order is {@code order}. */
    public StaticRouter withFallbackOrder(List<ModelId> order) {
        return new StaticRouter(models, order, allowedTiers, exhaustedBudgets, maxAttempts);
    }

    @Override
    public RouteDecision route(CallContext call) {
        String budget = exhaustedBudgets.get(call.team());
        if (budget != null) {
            return new RouteDecision.Refuse(RouteDecision.Refuse.Kind.BUDGET, budget);
        }
        Tier tier;
        String rule;
        ModelId concrete = null;
        if (call.isRouteName()) {
            String name = call.requestedModel().substring(CallContext.ROUTE_PREFIX.length());
            if (name.equals("auto")) {
                Tier byStep =
                        call.step().isEmpty() ? null : STEPS.get(call.step().toLowerCase(Locale.ROOT));
                tier = byStep == null ? Tier.MEDIUM : byStep;
                rule = byStep == null ? "auto-default" : "step:" + call.step();
            } else {
                tier = STEPS.get(name.toLowerCase(Locale.ROOT));
                if (tier == null) {
                    return new RouteDecision.Refuse(
                            RouteDecision.Refuse.Kind.UNKNOWN_ROUTE,
                            "unknown route '" + call.requestedModel()
                                    + "'; valid routes are ladder:auto and ladder:<step>" + " with a step of "
                                    + String.join(
                                            ", ",
                                            STEPS.keySet().stream().sorted().toList()));
                }
                rule = "step:" + name;
            }
        } else {
            concrete = ModelId.of(call.requestedModel());
            tier = tierOf(concrete);
            rule = "explicit-model";
        }
        return switch (call.ask()) {
            case ClientAsk.Route r -> {
                RouteDecision.Refuse denied = deny(call.team(), tier);
                if (denied != null) {
                    yield denied;
                }
                ModelId model = concrete != null ? concrete : models.get(tier);
                yield new RouteDecision.Use(model, tier, rule, "tier " + tier.id() + " by rule " + rule);
            }
            case ClientAsk.Override o -> {
                RouteDecision.Refuse denied = deny(call.team(), o.tier());
                yield denied != null
                        ? denied
                        : new RouteDecision.Use(
                                models.get(o.tier()), o.tier(), "override", "client override: " + o.reason());
            }
            case ClientAsk.Escalate e -> {
                Tier up = tier.up().filter(t -> t != Tier.FRONTIER).orElse(tier);
                RouteDecision.Refuse denied = deny(call.team(), up);
                yield denied != null
                        ? denied
                        : new RouteDecision.Escalate(models.get(up), up, "client escalation: " + e.reason());
            }
        };
    }

    @Override
    public RouteDecision onFailure(CallContext call, List<RoutedAttempt> attempts, UpstreamFailure failure) {
        RoutedAttempt last = attempts.get(attempts.size() - 1);
        if (attempts.size() >= maxAttempts) {
            return new RouteDecision.GiveUp("attempt limit " + maxAttempts + " reached");
        }
        if (!failure.isRetryable()) {
            return new RouteDecision.GiveUp("not retryable: status " + failure.status());
        }
        if (failure.isOverloaded()) {
            int at = fallbackOrder.indexOf(last.model());
            for (int i = at + 1; i < fallbackOrder.size(); i++) {
                ModelId next = fallbackOrder.get(i);
                Tier nextTier = tierOf(next);
                if (deny(call.team(), nextTier) == null
                        && attempts.stream().noneMatch(a -> a.model().equals(next))) {
                    return new RouteDecision.FallBack(next, nextTier, "overloaded: " + last.model());
                }
            }
            return new RouteDecision.GiveUp("no fallback after " + last.model());
        }
        Duration wait = failure.retryAfterHint().orElse(DEFAULT_RETRY_BACKOFF);
        if (wait.compareTo(DEFAULT_MAX_RETRY_WAIT) > 0) {
            return new RouteDecision.GiveUp("retry-after " + wait + " exceeds " + DEFAULT_MAX_RETRY_WAIT);
        }
        return new RouteDecision.Retry(last.model(), last.tier(), wait, "status " + failure.status());
    }

    @Override
    public RouteDecision onInvalidAnswer(CallContext call, List<RoutedAttempt> attempts, String reason) {
        if (attempts.size() >= maxAttempts) {
            return new RouteDecision.GiveUp("attempt limit " + maxAttempts + " reached");
        }
        Tier current = attempts.get(attempts.size() - 1).tier();
        Tier up = current.up().filter(t -> t != Tier.FRONTIER).orElse(null);
        if (up == null || deny(call.team(), up) != null) {
            return new RouteDecision.GiveUp("no higher tier allowed above " + current.id());
        }
        return new RouteDecision.Escalate(models.get(up), up, "invalid answer: " + reason);
    }

    @Override
    public List<String> offerings(String team, String project) {
        List<String> ids = new ArrayList<>();
        ids.add(CallContext.ROUTE_PREFIX + "auto");
        STEPS.keySet().stream().sorted().forEach(step -> ids.add(CallContext.ROUTE_PREFIX + step));
        for (Tier tier : Tier.values()) {
            if (deny(team, tier) == null) {
                ids.add(models.get(tier).value());
            }
        }
        return ids;
    }

    private RouteDecision.Refuse deny(String team, Tier tier) {
        Set<Tier> allowed = allowedTiers.getOrDefault(team, EnumSet.allOf(Tier.class));
        if (allowed.contains(tier)) {
            return null;
        }
        return new RouteDecision.Refuse(
                RouteDecision.Refuse.Kind.PERMISSION,
                "tier " + tier.id() + " is not allowed for team " + team + "; allowed tiers: "
                        + String.join(
                                ", ", allowed.stream().sorted().map(Tier::id).toList()));
    }

    /** The tier a concrete model stands for: the table's if listed, else guessed from its family name. */
    Tier tierOf(ModelId model) {
        for (Map.Entry<Tier, ModelId> e : models.entrySet()) {
            if (model.value().equals(e.getValue().value())
                    || model.value().startsWith(e.getValue().value() + "-")) {
                return e.getKey();
            }
        }
        return ModelFamilies.tierOf(model);
    }
}
