package ladder.app.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import ladder.core.TaskId;
import ladder.core.Tier;
import ladder.core.access.InMemoryBudgetLedger;
import ladder.core.access.Principal;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.route.CatalogModelLadder;
import ladder.core.route.Difficulty;
import ladder.core.route.ModelLadder;
import ladder.core.route.RouteDecision;
import ladder.core.route.RouteRequest;
import ladder.core.route.RoutingPolicy;
import ladder.core.route.TierOverride;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ladder route}: shows which model a call would use under a policy, and why. */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        description = "Shows the routing decision for one call and explains it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:a model was chosen", "1:invalid policy or arguments", "2:the call would be refused"})
public final class RouteCommand implements Callable<Integer> {

    /** The ladder the CLI routes against: the built-in versioned price catalog. */
    static final ModelLadder LADDER = CatalogModelLadder.of(DefaultPriceCatalog.get());

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: the built-in policy).")
    Path policy;

    @Option(names = "--step", paramLabel = "S", description = "Step type, e.g. classify, draft, plan.")
    String step;

    @Option(
            names = "--team",
            paramLabel = "T",
            defaultValue = "default",
            description = "Team (default: ${DEFAULT-VALUE}).")
    String team;

    @Option(
            names = "--project",
            paramLabel = "P",
            defaultValue = "default",
            description = "Project (default: ${DEFAULT-VALUE}).")
    String project;

    @Option(names = "--input-tokens", paramLabel = "N", defaultValue = "1000", description = "Estimated input tokens.")
    long inputTokens;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "4096", description = "The call's max_tokens.")
    long maxTokens;

    @Option(names = "--tools", description = "The call offers tools.")
    boolean tools;

    @Option(names = "--failures", paramLabel = "K", defaultValue = "0", description = "Earlier failures in the task.")
    int failures;

    @Option(names = "--difficulty", paramLabel = "D", description = "Difficulty score from 0 to 1.")
    Double difficulty;

    @Option(names = "--requested-model", paramLabel = "M", description = "The model the client named.")
    String requestedModel;

    @Option(names = "--override", paramLabel = "TIER", description = "Explicit tier request (needs --reason).")
    String override;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the override.")
    String reason;

    @Option(names = "--json", description = "Print the decision as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedPolicy loaded;
        try {
            loaded = policy == null ? LoadedPolicy.defaults() : PolicyLoader.load(policy);
        } catch (InvalidPolicyException e) {
            e.errors().forEach(err::println);
            return 1;
        }
        RouteRequest request;
        try {
            request = request(InstantSource.system().instant());
        } catch (IllegalArgumentException e) {
            err.println("ladder route: " + e.getMessage());
            return 1;
        }
        RouteDecision decision = RoutingPolicy.of(loaded.config(), LADDER, new InMemoryBudgetLedger())
                .route(request);
        if (json) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(toJson(decision)));
        } else {
            print(decision, out);
        }
        return decision instanceof RouteDecision.Refuse ? 2 : 0;
    }

    private RouteRequest request(Instant now) {
        RouteRequest.Builder b = RouteRequest.builder(Principal.of(team, project), TaskId.of("cli"), now)
                .inputTokens(inputTokens)
                .maxTokens(maxTokens)
                .toolsPresent(tools)
                .failuresInTask(failures);
        if (step != null) {
            b.stepType(step);
        }
        if (difficulty != null) {
            b.difficulty(Difficulty.of(difficulty));
        }
        if (requestedModel != null) {
            b.requestedModel(requestedModel);
        }
        if (override != null) {
            if (reason == null) {
                throw new IllegalArgumentException("--override needs --reason TEXT");
            }
            b.override(new TierOverride(Tier.parse(override), reason));
        }
        return b.build();
    }

    static void print(RouteDecision decision, PrintWriter out) {
        switch (decision) {
            case RouteDecision.Refuse r -> out.println("refuse " + r.code() + ": " + r.message());
            case RouteDecision.Call c -> out.println("use " + c.model() + " (" + c.tier() + ")");
        }
        decision.explanation().lines().forEach(line -> out.println("  " + line));
        if (decision instanceof RouteDecision.Use use) {
            use.audit()
                    .forEach(a -> out.println("  audit: " + a.who().name() + " overrode " + a.routedTier() + " -> "
                            + a.requestedTier() + " because " + a.reason() + " at " + a.at()));
            if (!use.reservation().isNone()) {
                out.println("  reserved: " + use.reservation().amount());
            }
        }
    }

    static Map<String, Object> toJson(RouteDecision decision) {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (decision) {
            case RouteDecision.Refuse r -> {
                json.put("decision", "refuse");
                json.put("code", r.code().name().toLowerCase(java.util.Locale.ROOT));
                json.put("message", r.message());
            }
            case RouteDecision.Call c -> {
                json.put("decision", "use");
                json.put("model", c.model().value());
                json.put("tier", c.tier().id());
                json.put("floor", c.floor().id());
                json.put("reserved_nanos", c.reservation().amount().nanos());
            }
        }
        var why = decision.explanation();
        json.put("rule", why.rule());
        json.put("start_tier", why.startTier().id());
        json.put("ceiling", why.ceiling().id());
        json.put("signals", why.signals());
        json.put("escalations", why.escalations());
        json.put("fallbacks", why.fallbacks());
        json.put("notes", why.notes());
        return json;
    }
}
