package ladder.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    @Test
    void next_queuedFaults_playInOrderThenStop() {
        FaultInjector f = new FaultInjector(1);
        f.failNext(Fault.OVERLOADED, 2);
        f.failNext(Fault.STREAM_CUT, 1);

        List<Optional<Fault>> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(f.next(FaultConfig.none(), true));
        }

        assertThat(seen)
                .containsExactly(
                        Optional.of(Fault.OVERLOADED),
                        Optional.of(Fault.OVERLOADED),
                        Optional.of(Fault.STREAM_CUT),
                        Optional.empty());
    }

    @Test
    void next_rate_failsAboutThatShare() {
        FaultInjector f = new FaultInjector(7);
        int failed = 0;
        for (int i = 0; i < 10_000; i++) {
            failed += f.next(FaultConfig.overloaded(0.2), false).isPresent() ? 1 : 0;
        }

        assertThat(failed).isBetween(1_800, 2_200);
    }

    @Test
    void next_sameSeed_sameFaults() {
        FaultInjector a = new FaultInjector(3);
        FaultInjector b = new FaultInjector(3);
        FaultConfig rates = new FaultConfig(0.1, 0.1, 1, 0.1, 0.1, 0.1);

        for (int i = 0; i < 100; i++) {
            assertThat(a.next(rates, true)).isEqualTo(b.next(rates, true));
        }
    }

    @Test
    void next_streamRatesOnPlainCall_neverFail() {
        FaultInjector f = new FaultInjector(3);
        FaultConfig rates = new FaultConfig(0, 0, 1, 0, 0.5, 0.5);

        for (int i = 0; i < 100; i++) {
            assertThat(f.next(rates, false)).isEmpty();
        }
    }
}
