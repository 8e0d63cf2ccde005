package ladder.app.wiring;

import java.util.LinkedHashMap;
import java.util.Map;

/** Failures and escalations per task, for routing signals and the per-task escalation cap; bounded, LRU. */
final class BoundedTaskCounters {

    private record Counts(int failures, int escalations) {}

    private final Map<String, Counts> counts;

    BoundedTaskCounters(int maxTasks) {
        this.counts = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Counts> eldest) {
                return size() > maxTasks;
            }
        };
    }

    synchronized int failures(String task) {
        Counts c = counts.get(task);
        return c == null ? 0 : c.failures();
    }

    synchronized int escalations(String task) {
        Counts c = counts.get(task);
        return c == null ? 0 : c.escalations();
    }

    synchronized void failed(String task) {
        Counts c = counts.getOrDefault(task, new Counts(0, 0));
        counts.put(task, new Counts(c.failures() + 1, c.escalations()));
    }

    synchronized void escalated(String task) {
        Counts c = counts.getOrDefault(task, new Counts(0, 0));
        counts.put(task, new Counts(c.failures(), c.escalations() + 1));
    }
}
