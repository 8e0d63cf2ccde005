package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import ladder.core.ModelId;
import ladder.core.TaskId;
import ladder.core.Tier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaticRouterTest {

    private final StaticRouter router = StaticRouter.defaults();

    static CallContext call(String model, String step, ClientAsk ask) {
        return new CallContext(
                "req_1",
                TaskId.of("t"),
                step,
                "team-a",
                "p",
                "key_1",
                model,
                ask,
                false,
                false,
                1000,
                1024,
                false,
                false);
    }

    @ParameterizedTest
    @CsvSource({
        "ladder:classify, '', claude-haiku-4-5, small",
        "ladder:draft, '', claude-sonnet-4-6, medium",
        "ladder:plan, '', claude-opus-4-8, large",
        "ladder:auto, '', claude-sonnet-4-6, medium",
        "ladder:auto, triage, claude-haiku-4-5, small",
        "claude-opus-4-8, '', claude-opus-4-8, large",
        "some-future-model, '', some-future-model, medium"
    })
    void route_routeNamesAndModels_mapToTiers(String model, String step, String expected, String tier) {
        assertThat(router.route(call(model, step, new ClientAsk.Route())))
                .isInstanceOfSatisfying(RouteDecision.Use.class, u -> {
                    assertThat(u.model().value()).isEqualTo(expected);
                    assertThat(u.tier().id()).isEqualTo(tier);
                });
    }

    @Test
    void route_unknownStep_refusesUnknownRoute() {
        assertThat(router.route(call("ladder:dance", "", new ClientAsk.Route())))
                .isInstanceOfSatisfying(
                        RouteDecision.Refuse.class,
                        r -> assertThat(r.kind()).isEqualTo(RouteDecision.Refuse.Kind.UNKNOWN_ROUTE));
    }

    @Test
    void route_overrideToForbiddenTier_refusesNamingTierAndTeam() {
        var limited = router.withAllowedTiers("team-a", Set.of(Tier.SMALL, Tier.MEDIUM));
        assertThat(limited.route(call("ladder:auto", "", new ClientAsk.Override(Tier.FRONTIER, "why"))))
                .isInstanceOfSatisfying(RouteDecision.Refuse.class, r -> {
                    assertThat(r.kind()).isEqualTo(RouteDecision.Refuse.Kind.PERMISSION);
                    assertThat(r.message()).contains("frontier").contains("team-a");
                });
    }

    @Test
    void route_clientEscalation_goesOneTierUp() {
        assertThat(router.route(call("ladder:classify", "", new ClientAsk.Escalate("low confidence"))))
                .isInstanceOfSatisfying(
                        RouteDecision.Escalate.class, e -> assertThat(e.tier()).isEqualTo(Tier.MEDIUM));
    }

    @Test
    void onFailure_overloaded_fallsBackToNextModel() {
        var attempts = List.of(new RoutedAttempt(ModelId.SONNET_4_6, Tier.MEDIUM, AttemptKind.FIRST));
        var failure = new UpstreamFailure(529, "overloaded_error", Duration.ZERO, UpstreamFailure.Cause.HTTP_STATUS);
        assertThat(router.onFailure(call("ladder:draft", "", new ClientAsk.Route()), attempts, failure))
                .isInstanceOfSatisfying(
                        RouteDecision.FallBack.class, f -> assertThat(f.model()).isEqualTo(ModelId.HAIKU_4_5));
    }

    @Test
    void onFailure_rateLimited_retriesAfterHint() {
        var attempts = List.of(new RoutedAttempt(ModelId.SONNET_4_6, Tier.MEDIUM, AttemptKind.FIRST));
        var failure =
                new UpstreamFailure(429, "rate_limit_error", Duration.ofSeconds(2), UpstreamFailure.Cause.HTTP_STATUS);
        assertThat(router.onFailure(call("ladder:draft", "", new ClientAsk.Route()), attempts, failure))
                .isEqualTo(
                        new RouteDecision.Retry(ModelId.SONNET_4_6, Tier.MEDIUM, Duration.ofSeconds(2), "status 429"));
    }

    @Test
    void onFailure_badRequest_givesUp() {
        var attempts = List.of(new RoutedAttempt(ModelId.SONNET_4_6, Tier.MEDIUM, AttemptKind.FIRST));
        var failure =
                new UpstreamFailure(400, "invalid_request_error", Duration.ZERO, UpstreamFailure.Cause.HTTP_STATUS);
        assertThat(router.onFailure(call("ladder:draft", "", new ClientAsk.Route()), attempts, failure))
                .isInstanceOf(RouteDecision.GiveUp.class);
    }

    @Property(tries = 100)
    void onFailure_everyFallbackChainEnds(@ForAll Tier start, @ForAll boolean overloaded) {
        List<RoutedAttempt> attempts = new ArrayList<>();
        attempts.add(new RoutedAttempt(ModelId.of("claude-fable-5"), start, AttemptKind.FIRST));
        var failure = overloaded
                ? new UpstreamFailure(529, "overloaded_error", Duration.ZERO, UpstreamFailure.Cause.HTTP_STATUS)
                : new UpstreamFailure(503, "api_error", Duration.ZERO, UpstreamFailure.Cause.HTTP_STATUS);
        for (int i = 0; i < 10; i++) {
            RouteDecision d = router.onFailure(call("ladder:auto", "", new ClientAsk.Route()), attempts, failure);
            switch (d) {
                case RouteDecision.GiveUp g -> {
                    assertThat(attempts).hasSizeLessThanOrEqualTo(StaticRouter.DEFAULT_MAX_ATTEMPTS);
                    return;
                }
                case RouteDecision.FallBack f ->
                    attempts.add(new RoutedAttempt(f.model(), f.tier(), AttemptKind.FALLBACK));
                case RouteDecision.Retry r -> attempts.add(new RoutedAttempt(r.model(), r.tier(), AttemptKind.RETRY));
                default -> throw new AssertionError("unexpected " + d);
            }
        }
        throw new AssertionError("fallback chain did not end: " + attempts);
    }

    @Test
    void onInvalidAnswer_belowLarge_escalatesOneTier_atLarge_givesUp() {
        var call = call("ladder:classify", "", new ClientAsk.Route());
        assertThat(router.onInvalidAnswer(
                        call, List.of(new RoutedAttempt(ModelId.HAIKU_4_5, Tier.SMALL, AttemptKind.FIRST)), "bad"))
                .isInstanceOfSatisfying(
                        RouteDecision.Escalate.class, e -> assertThat(e.model()).isEqualTo(ModelId.SONNET_4_6));
        assertThat(router.onInvalidAnswer(
                        call, List.of(new RoutedAttempt(ModelId.OPUS_4_8, Tier.LARGE, AttemptKind.FIRST)), "bad"))
                .isInstanceOf(RouteDecision.GiveUp.class);
    }
}
