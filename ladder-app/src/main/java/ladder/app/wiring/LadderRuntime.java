package ladder.app.wiring;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import ladder.app.report.ReportEndpoints;
import ladder.core.Sleeper;
import ladder.core.access.BudgetLedger;
import ladder.core.cost.CostCalculator;
import ladder.core.ledger.AsyncLedgerWriter;
import ladder.core.ledger.LedgerStore;
import ladder.core.ledger.LedgerWriterConfig;
import ladder.core.price.PriceCatalog;
import ladder.core.route.CatalogModelLadder;
import ladder.core.route.ModelLadder;
import ladder.core.route.PolicyConfig;
import ladder.core.route.RoutingPolicy;
import ladder.gateway.ApiKey;
import ladder.gateway.Gateway;
import ladder.gateway.GatewayConfig;
import ladder.gateway.KeyRing;

/**
 * A running Ladder: the gateway in front of the upstream, routing by the policy over the versioned catalog, every
 * attempt priced and queued to the call ledger. {@link #close()} stops taking calls, then flushes the ledger.
 */
public final class LadderRuntime implements AutoCloseable {

    /**
     * What to run.
     *
     * @param gateway listen address, upstreams and limits
     * @param keys the accepted client keys
     * @param policy the routing policy
     * @param catalog the price catalog (built-in plus any user file)
     * @param ledger where call records are stored
     * @param writer the ledger writer's batching and back-pressure settings
     * @param telemetry where OpenTelemetry spans go (off by default)
     */
    public record Settings(
            GatewayConfig gateway,
            List<ApiKey> keys,
            PolicyConfig policy,
            PriceCatalog catalog,
            LedgerLocation ledger,
            LedgerWriterConfig writer,
            TelemetryConfig telemetry,
            Duration budgetReservationTimeout) {

        /** Settings with telemetry off and the default budget reservation timeout. */
        public Settings(
                GatewayConfig gateway,
                List<ApiKey> keys,
                PolicyConfig policy,
                PriceCatalog catalog,
                LedgerLocation ledger,
                LedgerWriterConfig writer) {
            this(
                    gateway,
                    keys,
                    policy,
                    catalog,
                    ledger,
                    writer,
                    TelemetryConfig.off(),
                    ladder.core.access.BudgetLedger.DEFAULT_RESERVATION_TIMEOUT);
        }

        public Settings {
            Objects.requireNonNull(telemetry, "telemetry");
            Objects.requireNonNull(gateway, "gateway");
            keys = List.copyOf(keys);
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(writer, "writer");
            Objects.requireNonNull(budgetReservationTimeout, "budgetReservationTimeout");
        }
    }

    private final Gateway gateway;
    private final AsyncLedgerWriter writer;
    private final LedgerStore store;
    private final LadderMetrics metrics;
    private final GenAiSpans spans;
    private final LedgerAttempts attempts;
    private final LedgerRollups rollups;

    private LadderRuntime(
            Gateway gateway,
            AsyncLedgerWriter writer,
            LedgerStore store,
            LadderMetrics metrics,
            GenAiSpans spans,
            LedgerAttempts attempts,
            LedgerRollups rollups) {
        this.rollups = rollups;
        this.spans = spans;
        this.attempts = attempts;
        this.gateway = gateway;
        this.writer = writer;
        this.store = store;
        this.metrics = metrics;
    }

    /** Opens the ledger, starts its writer and the gateway; returns once the port is bound. */
    public static LadderRuntime start(Settings settings, InstantSource clock, Sleeper sleeper) {
        LedgerStore store = settings.ledger().open();
        AsyncLedgerWriter writer = AsyncLedgerWriter.start(store, settings.writer(), sleeper);
        try {
            ModelLadder ladder = CatalogModelLadder.of(settings.catalog());
            BudgetLedger budgets = settings.ledger().budgets(store, settings.budgetReservationTimeout());
            PolicyRouter router =
                    new PolicyRouter(RoutingPolicy.of(settings.policy(), ladder, budgets), ladder, budgets, clock);
            CatalogPricer pricer = new CatalogPricer(new CostCalculator(settings.catalog()));
            java.util.concurrent.atomic.AtomicReference<LedgerAttempts> attemptsRef =
                    new java.util.concurrent.atomic.AtomicReference<>();
            LadderMetrics metrics = new LadderMetrics(
                    writer::stats,
                    () -> attemptsRef.get() == null ? 0L : attemptsRef.get().rejectedRecords());
            GenAiSpans spans = GenAiSpans.of(settings.telemetry());
            LedgerAttempts attempts = new LedgerAttempts(writer, store, pricer, router, metrics, spans);
            attemptsRef.set(attempts);
            attempts.resumeTaskTotals(clock.instant());
            Gateway gateway = Gateway.start(
                    settings.gateway(),
                    new Gateway.Ports(KeyRing.of(settings.keys()), router, pricer, attempts, attempts, clock, sleeper),
                    adminRoutes(store, settings.catalog(), clock, metrics));
            return new LadderRuntime(gateway, writer, store, metrics, spans, attempts, LedgerRollups.start(store));
        } catch (RuntimeException e) {
            writer.close();
            store.close();
            throw e;
        }
    }

    /**
     * {@code /metrics} for Prometheus, and the report and findings over this runtime's ledger for {@code ladder
     * report --gateway URL} (they need a Ladder key: spend is not public).
     */
    private static List<Gateway.AdminRoute> adminRoutes(
            LedgerStore store, PriceCatalog catalog, InstantSource clock, LadderMetrics metrics) {
        List<Gateway.AdminRoute> routes = new java.util.ArrayList<>();
        routes.add(new Gateway.AdminRoute(
                "/metrics", false, "text/plain; version=0.0.4; charset=utf-8", query -> metrics.scrape()));
        if (store instanceof ladder.core.ledger.LedgerAnalytics analytics) {
            ReportEndpoints reports = new ReportEndpoints(analytics, catalog, clock);
            routes.add(new Gateway.AdminRoute(ReportEndpoints.REPORT_PATH, true, "application/json", reports::report));
            routes.add(
                    new Gateway.AdminRoute(ReportEndpoints.FINDINGS_PATH, true, "application/json", reports::findings));
        }
        return routes;
    }

    /** The port the gateway listens on. */
    public int port() {
        return gateway.port();
    }

    /** The ledger this runtime writes to (for reports after a run). */
    public LedgerStore store() {
        return store;
    }

    /** The Prometheus exposition of the current metrics. */
    public String metrics() {
        return metrics.scrape();
    }

    /** Stops the gateway, then flushes every queued record to the ledger and closes it. */
    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            try {
                rollups.close();
                attempts.close();
                writer.close();
            } finally {
                try {
                    store.close();
                } finally {
                    spans.close();
                }
            }
        }
    }
}
