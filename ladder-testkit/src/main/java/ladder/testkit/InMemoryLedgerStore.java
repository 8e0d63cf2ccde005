package ladder.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import ladder.core.Money;
import ladder.core.StoreException;
import ladder.core.TaskId;
import ladder.core.ledger.CallCost;
import ladder.core.ledger.CallRecord;
import ladder.core.ledger.LedgerCursor;
import ladder.core.ledger.LedgerCursor.RecordKey;
import ladder.core.ledger.LedgerPage;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.SpendLine;
import ladder.core.ledger.TaskCost;
import ladder.core.ledger.TimeWindow;

/**
 * A {@link LedgerStore} in a sorted list, for tests and as the benchmark baseline. Thread-safe (one lock); {@link
 * #failNextAppends} simulates an outage.
 */
public final class InMemoryLedgerStore implements LedgerStore {

    private static final Comparator<CallRecord> KEY_ORDER = Comparator.comparing(RecordKey::of);

    private final List<CallRecord> records = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private boolean sorted = true;

    /** Makes the next {@code n} calls to {@link #append} throw {@link StoreException} and store nothing. */
    public void failNextAppends(int n) {
        failures.set(n);
    }

    /** How many records the store holds. */
    public synchronized int size() {
        return records.size();
    }

    @Override
    public synchronized void append(List<CallRecord> batch) {
        Objects.requireNonNull(batch, "records");
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StoreException("in-memory ledger store is down (simulated)");
        }
        List<CallRecord> copy = List.copyOf(batch);
        if (!copy.isEmpty()) {
            records.addAll(copy);
            sorted = false;
        }
    }

    @Override
    public synchronized List<CallRecord> recordsOfTask(TaskId taskId) {
        return sorted().stream().filter(r -> r.taskId().equals(taskId)).toList();
    }

    @Override
    public synchronized TaskCost costOfTask(TaskId taskId) {
        Money total = Money.ZERO;
        long attempts = 0;
        long unpriced = 0;
        for (CallRecord r : records) {
            if (r.taskId().equals(taskId)) {
                attempts++;
                total = total.plus(r.cost().amountOrZero());
                if (r.cost() instanceof CallCost.Unpriced) {
                    unpriced++;
                }
            }
        }
        return new TaskCost(taskId, total, attempts, unpriced);
    }

    @Override
    public synchronized LedgerPage recordsBetween(TimeWindow window, LedgerCursor cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("page limit must be >= 1, was " + limit);
        }
        List<CallRecord> page = new ArrayList<>(Math.min(limit, 1_024));
        for (CallRecord r : sorted()) {
            if (page.size() == limit) {
                break;
            }
            if (window.contains(r.time()) && isAfter(r, cursor)) {
                page.add(r);
            }
        }
        return LedgerPage.of(page, limit);
    }

    @Override
    public synchronized List<TaskCost> costsOfTasksActiveSince(Instant since, int limit) {
        Objects.requireNonNull(since, "since");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        Map<TaskId, Instant> lastAttempt = new HashMap<>();
        for (CallRecord r : records) {
            if (!r.time().isBefore(since)) {
                lastAttempt.merge(r.taskId(), r.time(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return lastAttempt.entrySet().stream()
                .sorted(Map.Entry.<TaskId, Instant>comparingByValue()
                        .reversed()
                        .thenComparing(e -> e.getKey().value()))
                .limit(limit)
                .map(e -> costOfTask(e.getKey()))
                .toList();
    }

    @Override
    public synchronized List<SpendLine> spendByTeamAndProject(TimeWindow window) {
        Map<List<String>, long[]> sums = new TreeMap<>(
                Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
        for (CallRecord r : records) {
            if (window.contains(r.time())) {
                long[] s = sums.computeIfAbsent(List.of(r.team(), r.project()), k -> new long[3]);
                s[0] = Math.addExact(s[0], r.cost().amountOrZero().nanos());
                s[1]++;
                if (r.cost() instanceof CallCost.Unpriced) {
                    s[2]++;
                }
            }
        }
        return sums.entrySet().stream()
                .map(e -> new SpendLine(
                        e.getKey().get(0),
                        e.getKey().get(1),
                        Money.ofNanos(e.getValue()[0]),
                        e.getValue()[1],
                        e.getValue()[2]))
                .toList();
    }

    @Override
    public void close() {}

    private static boolean isAfter(CallRecord r, LedgerCursor cursor) {
        return switch (cursor) {
            case LedgerCursor.Start start -> true;
            case LedgerCursor.After after -> RecordKey.of(r).compareTo(after.key()) > 0;
        };
    }

    private List<CallRecord> sorted() {
        if (!sorted) {
            records.sort(KEY_ORDER);
            sorted = true;
        }
        return records;
    }
}
