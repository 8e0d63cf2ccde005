package ladder.core.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ladder.core.Tier;

/**
 * Why a decision came out the way it did.
 *
 * @param rule the rule that matched ({@code rules[2] long-context}, {@code step-type classify}, {@code default-tier},
 *     {@code requested-model}), or {@code none} when routing did not get that far
 * @param startTier the tier the step was routed to first
 * @param floor the cheapest tier a fallback of this step may use
 * @param ceiling the highest tier the principal may use
 * @param request the signals routing saw
 * @param escalations escalations in this step so far, this decision included
 * @param fallbacks fallbacks (retries and reroutes) in this step so far, this decision included
 * @param notes further reasons, in the order they applied (capping, hints, skipped fallback models, ...)
 */
public record Explanation(
        String rule,
        Tier startTier,
        Tier floor,
        Tier ceiling,
        RouteRequest request,
        int escalations,
        int fallbacks,
        List<String> notes) {

    public Explanation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(startTier, "startTier");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(ceiling, "ceiling");
        Objects.requireNonNull(request, "request");
        notes = List.copyOf(notes);
    }

    /** The signals routing saw, by name, in a fixed order; absent optional signals are left out. */
    public Map<String, String> signals() {
        Map<String, String> signals = new LinkedHashMap<>();
        signals.put("team", request.principal().team());
        signals.put("project", request.principal().project());
        request.stepType().ifPresent(s -> signals.put("step", s.id()));
        signals.put("input-tokens", Long.toString(request.inputTokens()));
        signals.put("max-tokens", Long.toString(request.maxTokens()));
        signals.put("tools", Boolean.toString(request.toolsPresent()));
        signals.put("failures-in-task", Integer.toString(request.failuresInTask()));
        request.difficulty().ifPresent(d -> signals.put("difficulty", Double.toString(d.score())));
        request.requestedModel().ifPresent(m -> signals.put("requested-model", m.value()));
        request.override().ifPresent(o -> signals.put("override", o.tier() + " (" + o.reason() + ")"));
        return signals;
    }

    /** Human-readable lines for the CLI and logs. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("rule: " + rule);
        lines.add("start tier: " + startTier + " (fallback floor " + floor + ", ceiling " + ceiling + ")");
        StringBuilder signalLine = new StringBuilder("signals:");
        signals().forEach((k, v) -> signalLine.append(' ').append(k).append('=').append(v));
        lines.add(signalLine.toString());
        lines.add("escalations: " + escalations + ", fallbacks: " + fallbacks);
        notes.forEach(note -> lines.add("note: " + note));
        return lines;
    }

    Explanation withCounts(int newEscalations, int newFallbacks, List<String> moreNotes) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(moreNotes);
        return new Explanation(rule, startTier, floor, ceiling, request, newEscalations, newFallbacks, all);
    }
}
