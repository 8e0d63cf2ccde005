package ladder.core.finding;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ladder.core.ModelId;
import ladder.core.Money;
import ladder.core.Tier;
import ladder.core.cost.SumPricer;
import ladder.core.finding.Finding.Evidence;
import ladder.core.finding.Finding.Kind;
import ladder.core.finding.Finding.Severity;
import ladder.core.ledger.AttemptKind;
import ladder.core.ledger.CacheMissCause;
import ladder.core.ledger.CacheMisses;
import ladder.core.ledger.Dimension;
import ladder.core.ledger.HiddenRetries;
import ladder.core.ledger.LedgerAnalytics;
import ladder.core.ledger.ModelSeen;
import ladder.core.ledger.TimeWindow;
import ladder.core.ledger.UsageQuery;
import ladder.core.ledger.UsageSums;
import ladder.core.price.ModelPrice;
import ladder.core.price.PriceCatalog;
import ladder.core.route.PolicyConfig;
import ladder.core.route.StepRule;
import ladder.core.route.StepType;

/**
 * Finds the leaks in a window of the ledger. Asks {@link LedgerAnalytics} for aggregated facts, then decides here.
 *
 * <p>Impact: each finding's cost within the window, extrapolated to 30 days by the window's traffic span (first to
 * last attempt, at least one hour). Cache-miss impacts are priced with the catalog in force at {@code now}; an
 * estimate, unlike the report's counterfactuals.
 */
public final class FindingService {

    private static final Duration MONTH = Duration.ofDays(30);
    private static final Duration MIN_SPAN = Duration.ofHours(1);
    private static final Pattern DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})");
    private static final int SAMPLES = 5;

    private final LedgerAnalytics analytics;
    private final PriceCatalog catalog;
    private final FindingsConfig config;

    /** A service over {@code analytics}, pricing with {@code catalog}, with {@code config}'s thresholds. */
    public FindingService(LedgerAnalytics analytics, PriceCatalog catalog, FindingsConfig config) {
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Every finding over {@code window}, most severe (then most costly) first, judging step tiers by the built-in
     * step defaults and skipping the policy anchor check.
     */
    public List<Finding> findings(TimeWindow window, Instant now) {
        return findings(window, PolicyConfig.defaults(), false, now);
    }

    /** Every finding over {@code window}, judging step tiers and the price anchor by {@code policy}. */
    public List<Finding> findings(TimeWindow window, PolicyConfig policy, Instant now) {
        return findings(window, policy, true, now);
    }

    private List<Finding> findings(TimeWindow window, PolicyConfig policy, boolean policyGiven, Instant now) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        Optional<TimeWindow> span = analytics.span(window);
        Duration traffic = span.map(s -> Duration.between(s.from(), s.to()))
                .filter(d -> d.compareTo(MIN_SPAN) > 0)
                .orElse(MIN_SPAN);
        Scale scale = new Scale(traffic);
        // Price periods only need to split the traffic actually there (as in ReportService): fewer boundaries, cheaper
        // usage queries, and the same queries the report asks, so a shared analytics can answer them once.
        SumPricer pricer = new SumPricer(catalog, span.map(TimeWindow::ofSpan).orElse(window));
        List<Finding> out = new ArrayList<>();
        if (span.isPresent()) {
            out.addAll(cacheBreakage(analytics.cacheMisses(window, config.minCacheableTokens()), now, scale));
            // One scan serves over-routing (per step and escalation mark) and top tiers (per team, project and
            // step): their rows are added up from the sums per team, project, step and mark.
            List<UsageSums> marked = analytics.usageSums(pricer.query(
                    List.of(Dimension.TEAM, Dimension.PROJECT, Dimension.STEP),
                    UsageQuery.Filter.MARK_ESCALATED_REQUESTS));
            out.addAll(overRouting(UsageSums.rollUp(marked, List.of(2, 3)), pricer, scale));
            out.addAll(hiddenRetries(analytics.hiddenRetries(window, config.hiddenRetryWindow(), 1_000), scale));
            out.addAll(topTier(UsageSums.rollUp(marked, List.of(0, 1, 2)), policy, pricer, scale));
            out.addAll(batchable(
                    analytics.usageSums(pricer.query(
                            List.of(Dimension.TEAM, Dimension.PROJECT), UsageQuery.Filter.TOLERANT_REALTIME)),
                    pricer,
                    scale));
            out.addAll(unpriced(analytics.unpricedModels(window)));
        }
        out.addAll(staleAnchors(policy, policyGiven, now));
        out.sort(Comparator.comparing(Finding::severity)
                .reversed()
                .thenComparing(Comparator.comparing(Finding::monthlyImpact).reversed())
                .thenComparing(f -> f.kind().id()));
        return List.copyOf(out);
    }

    // --- cache breakage ---------------------------------------------------------------------------------------

    private List<Finding> cacheBreakage(List<CacheMisses> misses, Instant now, Scale scale) {
        Map<String, List<CacheMisses>> groups = new TreeMap<>();
        for (CacheMisses m : misses) {
            groups.computeIfAbsent(m.cause().id() + "|" + m.block(), k -> new ArrayList<>())
                    .add(m);
        }
        List<Finding> out = new ArrayList<>();
        for (List<CacheMisses> group : groups.values()) {
            CacheMisses first = group.getFirst();
            CacheMissCause cause = first.cause();
            long calls = 0;
            long tasks = 0;
            Money impact = Money.ZERO;
            Instant from = first.first();
            Instant to = first.last();
            CacheMisses located = first;
            List<String> requests = new ArrayList<>();
            List<String> taskIds = new ArrayList<>();
            for (CacheMisses m : group) {
                calls += m.calls();
                tasks += m.tasks();
                impact = impact.plus(missImpact(m, now));
                from = from.isBefore(m.first()) ? from : m.first();
                to = to.isAfter(m.last()) ? to : m.last();
                if (m.byteOffset() >= 0 && (located.byteOffset() < 0 || m.byteOffset() < located.byteOffset())) {
                    located = m;
                }
                addSample(requests, m.sampleRequestId());
                addSample(taskIds, m.sampleTaskId());
            }
            String where = located.block().isEmpty()
                    ? ""
                    : " in '" + located.block() + "'"
                            + (located.byteOffset() >= 0 ? " at byte " + located.byteOffset() : "")
                            + (located.context().isEmpty() ? "" : " (redacted: \"" + located.context() + "\")");
            String title = switch (cause) {
                case PREFIX_CHANGED -> "cacheable prefix changes between calls" + where;
                case TTL_EXPIRED -> "prompt cache expired between calls (same prefix, gap over the TTL)";
                case MODEL_SWITCHED -> "task switched model between calls, so its prompt cache was cold";
                case BELOW_MINIMUM -> "cache_control on prompts under the minimum cacheable length";
                case WRITTEN_NEVER_READ -> "prompt cache written but never read in the task";
            };
            String fix = switch (cause) {
                case PREFIX_CHANGED ->
                    "keep the block byte-stable: move volatile content (timestamps, request ids, dates)"
                            + " after the last cache breakpoint and serialise tools and JSON with a fixed key"
                            + " order";
                case TTL_EXPIRED ->
                    "calls of these tasks are further apart than the cache TTL: use the 1-hour TTL"
                            + " (cache_control {\"type\":\"ephemeral\",\"ttl\":\"1h\"}) for these steps, or"
                            + " drop cache_control where the gap is always longer";
                case MODEL_SWITCHED ->
                    "caches are per model: avoid switching a task between models within the cache TTL"
                            + " (pin the task's tier after an escalation, or skip cache_control on the"
                            + " rung it leaves)";
                case BELOW_MINIMUM ->
                    "remove cache_control from prompts under the model's minimum cacheable length"
                            + " (1,024 to 4,096 tokens by model); it does nothing there";
                case WRITTEN_NEVER_READ ->
                    "remove cache_control from these calls (each write pays a premium over plain input),"
                            + " or reuse the prefix within the TTL";
            };
            String detail = calls + " attempt(s) in " + tasks + " task(s)" + where;
            Severity floor = cause == CacheMissCause.BELOW_MINIMUM ? Severity.INFO : Severity.WARNING;
            out.add(finding(
                    Kind.CACHE_BREAKAGE,
                    floor,
                    title,
                    new Evidence(detail, taskIds, requests, from.toString(), to.toString()),
                    impact,
                    scale,
                    fix));
        }
        return out;
    }

    private Money missImpact(CacheMisses m, Instant now) {
        Optional<ModelPrice> price = catalog.find(m.model(), now);
        if (price.isEmpty()) {
            return Money.ZERO;
        }
        SumPricer atNow = new SumPricer(catalog, TimeWindow.of(now, now));
        UsageSums writes = new UsageSums(
                List.of(),
                m.model(),
                price.get().tier(),
                false,
                AttemptKind.FIRST,
                0,
                0,
                m.calls(),
                0,
                0,
                0,
                0,
                m.cacheWrite5mTokens(),
                m.cacheWrite1hTokens(),
                0,
                0,
                0);
        return switch (m.cause()) {
            case PREFIX_CHANGED, TTL_EXPIRED, MODEL_SWITCHED ->
                atNow.missCost(m.model(), writes).orElse(Money.ZERO);
            case WRITTEN_NEVER_READ -> atNow.writePremium(writes).orElse(Money.ZERO);
            case BELOW_MINIMUM -> Money.ZERO;
        };
    }

    // --- over-routing -----------------------------------------------------------------------------------------

    private List<Finding> overRouting(List<UsageSums> sums, SumPricer pricer, Scale scale) {
        Map<String, List<UsageSums>> bySteps = new TreeMap<>();
        for (UsageSums s : sums) {
            bySteps.computeIfAbsent(s.key(0), k -> new ArrayList<>()).add(s);
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<UsageSums>> e : bySteps.entrySet()) {
            long requests = 0;
            long escalated = 0;
            long current = 0;
            long alternative = 0;
            boolean priceable = true;
            TreeSet<Tier> from = new TreeSet<>();
            for (UsageSums s : e.getValue()) {
                boolean escalatedRequest = s.key(1).equals("escalated");
                if (s.kind() == AttemptKind.FIRST) {
                    requests += s.calls();
                    if (escalatedRequest) {
                        escalated += s.calls();
                        from.add(s.tier());
                    }
                }
                current = Math.addExact(current, s.costNanos());
                if (escalatedRequest) {
                    // Starting one tier up, the escalated attempt is all the request needs.
                    if (s.kind() == AttemptKind.ESCALATION) {
                        alternative = Math.addExact(alternative, s.costNanos());
                    }
                } else {
                    Optional<Tier> up = s.tier().up();
                    ModelId upModel = up.map(t -> catalog.tierDefaults().get(t)).orElse(null);
                    Optional<Money> upCost = upModel == null
                            ? Optional.of(Money.ofNanos(s.costNanos()))
                            : pricer.price(s, upModel, s.batch(), false);
                    if (upCost.isEmpty() || s.unpricedCalls() > 0) {
                        priceable = false;
                    } else {
                        alternative = Math.addExact(alternative, upCost.get().nanos());
                    }
                }
            }
            if (requests < config.minCalls() || escalated == 0) {
                continue;
            }
            double rate = (double) escalated / requests;
            if (rate <= config.overRoutingEscalationRate()) {
                continue;
            }
            String step = e.getKey().isEmpty() ? "(no step)" : e.getKey();
            String tiers = String.join("/", from.stream().map(Tier::id).toList());
            String arithmetic = "now " + Money.ofNanos(current) + "; starting one tier up: "
                    + (priceable ? Money.ofNanos(alternative).toString() : "not priceable (unknown model)");
            String detail = String.format(
                    java.util.Locale.ROOT,
                    "step %s: %d of %d requests (%.0f%%) escalated from %s (threshold %.0f%%); %s",
                    step,
                    escalated,
                    requests,
                    rate * 100,
                    tiers,
                    config.overRoutingEscalationRate() * 100,
                    arithmetic);
            boolean cheaper = priceable && alternative < current;
            Money saving = cheaper ? Money.ofNanos(current - alternative) : Money.ZERO;
            out.add(finding(
                    Kind.OVER_ROUTING,
                    cheaper ? Severity.WARNING : Severity.INFO,
                    "step '" + step + "' escalates " + Math.round(rate * 100) + "% of requests"
                            + (cheaper
                                    ? "; starting one tier up would be cheaper"
                                    : "; starting higher would cost more"),
                    Evidence.of(detail),
                    saving,
                    scale,
                    cheaper
                            ? "start step '" + step + "' one tier up in the policy (steps." + step + ".tier), or"
                                    + " add a rule for the inputs that escalate"
                            : "keep the tier; make the cheap attempt succeed more often (prompt, examples) or"
                                    + " route the inputs that escalate with a rule"));
        }
        return out;
    }

    // --- hidden retries ---------------------------------------------------------------------------------------

    private List<Finding> hiddenRetries(List<HiddenRetries> rows, Scale scale) {
        if (rows.isEmpty()) {
            return List.of();
        }
        long retries = 0;
        long cost = 0;
        long taskCost = 0;
        Instant from = rows.getFirst().first();
        Instant to = rows.getFirst().last();
        List<String> tasks = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        for (HiddenRetries r : rows) {
            retries += r.retries();
            cost = Math.addExact(cost, r.retryCostNanos());
            taskCost = Math.addExact(taskCost, r.taskCostNanos());
            from = from.isBefore(r.first()) ? from : r.first();
            to = to.isAfter(r.last()) ? to : r.last();
            addSample(tasks, r.taskId());
            addSample(requests, r.sampleRequestId());
        }
        HiddenRetries worst = rows.getFirst();
        String detail = String.format(
                java.util.Locale.ROOT,
                "%d repeated request(s) in %d task(s) cost %s, %.1f%% of those tasks' cost; worst task %s: %d"
                        + " repeat(s), %s of %s",
                retries,
                rows.size(),
                Money.ofNanos(cost),
                taskCost == 0 ? 0.0 : 100.0 * cost / taskCost,
                worst.taskId(),
                worst.retries(),
                Money.ofNanos(worst.retryCostNanos()),
                Money.ofNanos(worst.taskCostNanos()));
        return List.of(finding(
                Kind.HIDDEN_RETRIES,
                Severity.WARNING,
                "clients resend identical requests within "
                        + config.hiddenRetryWindow().toSeconds() + " s that Ladder did not retry",
                new Evidence(detail, tasks, requests, from.toString(), to.toString()),
                Money.ofNanos(cost),
                scale,
                "turn off SDK retries behind Ladder (e.g. max_retries=0): Ladder already retries 429, 5xx and"
                        + " overloaded with backoff, so client retries pay twice; raise client timeouts above"
                        + " the slowest step's latency"));
    }

    // --- top tier by default ----------------------------------------------------------------------------------

    private List<Finding> topTier(List<UsageSums> sums, PolicyConfig policy, SumPricer pricer, Scale scale) {
        Map<List<String>, long[]> counts = new LinkedHashMap<>();
        Map<List<String>, Long> savings = new LinkedHashMap<>();
        Map<List<String>, TreeSet<String>> steps = new LinkedHashMap<>();
        for (UsageSums s : sums) {
            if (s.kind() != AttemptKind.FIRST) {
                continue;
            }
            Tier mapped = tierOf(policy, s.key(2));
            if (mapped.compareTo(Tier.LARGE) >= 0) {
                continue;
            }
            List<String> key = List.of(s.key(0), s.key(1));
            long[] c = counts.computeIfAbsent(key, k -> new long[2]);
            c[0] += s.calls();
            if (s.tier().compareTo(Tier.LARGE) >= 0) {
                c[1] += s.calls();
                steps.computeIfAbsent(key, k -> new TreeSet<>()).add(s.key(2) + "->" + mapped.id());
                ModelId target = catalog.tierDefaults().get(mapped);
                Optional<Money> there = target == null ? Optional.empty() : pricer.price(s, target, s.batch(), false);
                if (there.isPresent() && s.unpricedCalls() == 0) {
                    savings.merge(key, Math.max(0, s.costNanos() - there.get().nanos()), Math::addExact);
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        counts.forEach((key, c) -> {
            double share = c[0] == 0 ? 0 : (double) c[1] / c[0];
            if (c[0] < config.minCalls() || share <= config.topTierShare()) {
                return;
            }
            String who = key.get(0) + (key.get(1).isEmpty() ? "" : "/" + key.get(1));
            String detail = String.format(
                    java.util.Locale.ROOT,
                    "%s: %d of %d first attempts (%.0f%%) on steps the policy maps below large ran on large or"
                            + " frontier; steps (step->policy tier): %s",
                    who,
                    c[1],
                    c[0],
                    share * 100,
                    String.join(", ", steps.getOrDefault(key, new TreeSet<>())));
            out.add(finding(
                    Kind.TOP_TIER_BY_DEFAULT,
                    Severity.WARNING,
                    who + " runs " + Math.round(share * 100) + "% of lower-tier steps on a top tier",
                    Evidence.of(detail),
                    Money.ofNanos(savings.getOrDefault(key, 0L)),
                    scale,
                    "let the policy pick the model: send the step type (x-ladder-step) and stop pinning a large"
                            + " model in " + who + "'s client, or lower the team's max-tier"));
        });
        return out;
    }

    private static Tier tierOf(PolicyConfig policy, String step) {
        StepType type;
        try {
            type = StepType.of(step);
        } catch (IllegalArgumentException e) {
            return policy.defaultTier();
        }
        StepRule rule = policy.steps().get(type);
        if (rule != null) {
            return rule.tier();
        }
        return StepType.DEFAULT_TIERS.getOrDefault(type, policy.defaultTier());
    }

    // --- batchable work ---------------------------------------------------------------------------------------

    private List<Finding> batchable(List<UsageSums> sums, SumPricer pricer, Scale scale) {
        Map<List<String>, long[]> byTeam = new LinkedHashMap<>();
        for (UsageSums s : sums) {
            Optional<Money> realtime = pricer.price(s, s.model(), false, false);
            Optional<Money> batched = pricer.price(s, s.model(), true, false);
            long[] acc = byTeam.computeIfAbsent(s.keys(), k -> new long[2]);
            acc[0] += s.calls();
            if (realtime.isPresent() && batched.isPresent()) {
                acc[1] = Math.addExact(
                        acc[1], realtime.get().minus(batched.get()).nanos());
            }
        }
        List<Finding> out = new ArrayList<>();
        byTeam.forEach((key, acc) -> {
            if (acc[1] <= 0) {
                return;
            }
            String who = key.get(0) + (key.get(1).isEmpty() ? "" : "/" + key.get(1));
            out.add(finding(
                    Kind.BATCHABLE_WORK,
                    Severity.INFO,
                    who + ": latency-tolerant work ran in real time",
                    Evidence.of(acc[0] + " attempt(s) marked x-ladder-latency: tolerant ran in real time; the batch"
                            + " API would have saved " + Money.ofNanos(acc[1])),
                    Money.ofNanos(acc[1]),
                    scale,
                    "send latency-tolerant work through the Message Batches API (half price), e.g. collect it and"
                            + " submit one batch per few minutes"));
        });
        return out;
    }

    // --- stale price anchors ----------------------------------------------------------------------------------

    private List<Finding> unpriced(List<ModelSeen> models) {
        List<Finding> out = new ArrayList<>();
        for (ModelSeen m : models) {
            out.add(new Finding(
                    Kind.STALE_PRICE_ANCHOR,
                    Severity.CRITICAL,
                    "model " + m.name() + " has no price: its spend is unknown",
                    new Evidence(
                            m.calls() + " unpriced attempt(s) on " + m.name(),
                            List.of(),
                            List.of(m.sampleRequestId()),
                            m.first().toString(),
                            m.last().toString()),
                    Money.ZERO,
                    Money.ZERO,
                    "add " + m.name() + " to a user catalog (--catalog FILE: rates and effective-from), or map it"
                            + " as an alias of a priced model"));
        }
        return out;
    }

    private List<Finding> staleAnchors(PolicyConfig policy, boolean policyGiven, Instant now) {
        List<Finding> out = new ArrayList<>();
        String inForce = catalog.versionAt(now);
        if (policyGiven) {
            if (policy.priceVersion().isEmpty()) {
                out.add(anchor(
                        "the policy does not record the price version it was tuned against",
                        "catalog in force: " + inForce,
                        "add price-version: " + inForce + " to the policy"));
            } else if (!policy.priceVersion().equals(inForce)) {
                out.add(anchor(
                        "the policy was tuned against prices " + policy.priceVersion() + ", the catalog in force is "
                                + inForce,
                        "policy price-version " + policy.priceVersion() + " != " + inForce,
                        "re-check the rules and budgets against current prices, then set price-version: " + inForce));
            }
            latestDate(policy.priceVersion())
                    .filter(d -> isOlderThan(d, now))
                    .ifPresent(d -> out.add(anchor(
                            "the policy's price anchor is from " + d + ", older than "
                                    + config.maxPriceAge().toDays() + " days",
                            "policy price-version " + policy.priceVersion(),
                            "re-tune the policy against the catalog in force (" + inForce + ")")));
        }
        latestDate(inForce)
                .filter(d -> isOlderThan(d, now))
                .ifPresent(d -> out.add(anchor(
                        "the newest price in the catalog is from " + d + ", older than "
                                + config.maxPriceAge().toDays() + " days",
                        "catalog in force: " + inForce,
                        "update Ladder or add current prices with --catalog FILE")));
        return out;
    }

    private Finding anchor(String title, String detail, String fix) {
        return new Finding(
                Kind.STALE_PRICE_ANCHOR, Severity.WARNING, title, Evidence.of(detail), Money.ZERO, Money.ZERO, fix);
    }

    private boolean isOlderThan(LocalDate date, Instant now) {
        return date.atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .plus(config.maxPriceAge())
                .isBefore(now);
    }

    /** The latest {@code YYYY-MM-DD} in a version label such as {@code anthropic@2026-06-09+user@2026-07-01}. */
    static Optional<LocalDate> latestDate(String version) {
        LocalDate latest = null;
        Matcher m = DATE.matcher(version);
        while (m.find()) {
            try {
                LocalDate d = LocalDate.parse(m.group(1));
                latest = latest == null || d.isAfter(latest) ? d : latest;
            } catch (DateTimeParseException ignored) {
                // not a date after all (e.g. 2026-13-40); other dates in the label still count
            }
        }
        return Optional.ofNullable(latest);
    }

    // --- shared -----------------------------------------------------------------------------------------------

    private Finding finding(
            Kind kind, Severity floor, String title, Evidence evidence, Money impact, Scale scale, String fix) {
        Money monthly = scale.monthly(impact);
        Severity severity = floor;
        if (monthly.compareTo(config.criticalMonthly()) >= 0 && floor != Severity.INFO) {
            severity = Severity.CRITICAL;
        } else if (monthly.compareTo(config.warningMonthly()) < 0 && floor == Severity.WARNING) {
            severity = Severity.INFO;
        }
        return new Finding(kind, severity, title, evidence, impact, monthly, fix);
    }

    private static void addSample(List<String> samples, String value) {
        if (samples.size() < SAMPLES && !value.isEmpty() && !samples.contains(value)) {
            samples.add(value);
        }
    }

    /** Extrapolates a window's amount to 30 days. */
    private record Scale(Duration span) {
        Money monthly(Money amount) {
            BigInteger scaled = BigInteger.valueOf(amount.nanos())
                    .multiply(BigInteger.valueOf(MONTH.toSeconds()))
                    .divide(BigInteger.valueOf(Math.max(1, span.toSeconds())));
            return Money.ofNanos(scaled.longValueExact());
        }
    }
}
