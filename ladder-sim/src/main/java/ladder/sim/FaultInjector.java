package ladder.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Random;

/**
 * Decides which fault, if any, a call suffers: first the queue of "fail the next calls" faults, then the model's
 * rates, drawn from one seeded random so a run with the same seed and calls fails the same way.
 */
final class FaultInjector {

    private final Random random;
    private final Deque<Fault> pending = new ArrayDeque<>();

    FaultInjector(long seed) {
        this.random = new Random(seed);
    }

    /** The fault for a call under {@code rates}, if any; stream faults only when {@code streamed}. */
    synchronized Optional<Fault> next(FaultConfig rates, boolean streamed) {
        Fault queued = pending.poll();
        if (queued != null) {
            return Optional.of(queued);
        }
        if (!rates.isActive()) {
            return Optional.empty();
        }
        double u = random.nextDouble();
        if (u < rates.overloadedRate()) {
            return Optional.of(Fault.OVERLOADED);
        }
        u -= rates.overloadedRate();
        if (u < rates.rateLimitedRate()) {
            return Optional.of(Fault.RATE_LIMITED);
        }
        u -= rates.rateLimitedRate();
        if (u < rates.serverErrorRate()) {
            return Optional.of(Fault.SERVER_ERROR);
        }
        if (streamed) {
            double v = random.nextDouble();
            if (v < rates.streamCutRate()) {
                return Optional.of(Fault.STREAM_CUT);
            }
            if (v - rates.streamCutRate() < rates.streamErrorRate()) {
                return Optional.of(Fault.STREAM_ERROR);
            }
        }
        return Optional.empty();
    }

    /** A uniform draw in [0, 1) from the shared random, for misbehaviour rates. */
    synchronized double draw() {
        return random.nextDouble();
    }

    synchronized void failNext(Fault fault, int calls) {
        for (int i = 0; i < calls; i++) {
            pending.add(fault);
        }
    }

    synchronized void reset() {
        pending.clear();
    }
}
