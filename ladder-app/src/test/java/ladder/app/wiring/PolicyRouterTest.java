package ladder.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import ladder.app.policy.PolicyLoader;
import ladder.core.Money;
import ladder.core.TaskId;
import ladder.core.access.Budget;
import ladder.core.access.InMemoryBudgetLedger;
import ladder.core.access.Principal;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.route.CatalogModelLadder;
import ladder.core.route.RoutingPolicy;
import ladder.gateway.CallContext;
import ladder.gateway.ClientAsk;
import ladder.gateway.RouteDecision;
import ladder.testkit.FakeClock;
import org.junit.jupiter.api.Test;

class PolicyRouterTest {

    private final FakeClock clock = FakeClock.at("2026-11-10T12:00:00Z");
    private final InMemoryBudgetLedger budgets = new InMemoryBudgetLedger();
    private final CatalogModelLadder ladder = CatalogModelLadder.of(DefaultPriceCatalog.get());
    private final PolicyRouter router = new PolicyRouter(
            RoutingPolicy.of(
                    PolicyLoader.parse("policy.yaml", "teams:\n  search:\n    monthly-budget: \"10.00\"\n")
                            .config(),
                    ladder,
                    budgets),
            ladder,
            budgets,
            clock);

    @Test
    void settle_recordsTheActualCost_andFreesTheReservation() {
        CallContext call = call("req_1");
        assertThat(router.route(call)).isInstanceOf(RouteDecision.Use.class);
        assertThat(budgets.reserved(teamBudget().key()).nanos()).isPositive();

        router.settle("req_1", 0, Money.parseUsd("0.0042"));
        router.finished(call);

        assertThat(budgets.spent(teamBudget().key())).isEqualTo(Money.parseUsd("0.0042"));
        assertThat(budgets.reserved(teamBudget().key())).isEqualTo(Money.ZERO);
    }

    @Test
    void finished_releasesAReservationNoAttemptSettled() {
        CallContext call = call("req_2");
        router.route(call);

        router.finished(call);

        assertThat(budgets.reserved(teamBudget().key())).isEqualTo(Money.ZERO);
        assertThat(budgets.spent(teamBudget().key())).isEqualTo(Money.ZERO);
    }

    private Budget teamBudget() {
        List<Budget> all = RoutingPolicy.of(
                        PolicyLoader.parse("policy.yaml", "teams:\n  search:\n    monthly-budget: \"10.00\"\n")
                                .config(),
                        ladder,
                        budgets)
                .access()
                .budgetsFor(Principal.of("search", "ranker"), TaskId.of("t"), Instant.parse("2026-11-10T12:00:00Z"));
        return all.stream()
                .filter(b -> b.limit().equals(Money.parseUsd("10.00")))
                .findFirst()
                .orElseThrow();
    }

    private static CallContext call(String requestId) {
        return new CallContext(
                requestId,
                TaskId.of("t"),
                "classify",
                "search",
                "ranker",
                "key_1",
                "ladder:classify",
                new ClientAsk.Route(),
                false,
                false,
                2_000,
                256,
                false,
                false);
    }
}
