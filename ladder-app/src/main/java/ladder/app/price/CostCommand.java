package ladder.app.price;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import ladder.app.json.UsageJson;
import ladder.app.json.UsageJsonException;
import ladder.core.ModelId;
import ladder.core.Usage;
import ladder.core.cost.Cost;
import ladder.core.cost.CostCalculator;
import ladder.core.cost.CostResult;
import ladder.core.price.PriceCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ladder cost}: prices one usage object exactly. */
@Command(
        name = "cost",
        mixinStandardHelpOptions = true,
        description = {
            "Price one Anthropic API usage object (JSON, as the API returns it, or a whole Message) exactly.",
            "Batch pricing applies with --batch or when the usage says \"service_tier\": \"batch\".",
            "Exit status: 0 priced, 1 bad input or unpriced model."
        })
public final class CostCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions options = new CatalogOptions();

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The model the call used.")
    String model;

    @Option(names = "--batch", description = "The call went through the Message Batches API (half price).")
    boolean batch;

    @Option(names = "--json", description = "Print JSON; total_usd is an exact decimal string.")
    boolean json;

    @Parameters(
            arity = "0..1",
            paramLabel = "FILE",
            description = "File holding the usage JSON; '-' or none reads standard input.")
    String file;

    private final InstantSource clock;
    private final InputStream stdin;

    /** The command on the system clock and standard input. */
    public CostCommand() {
        this(InstantSource.system(), System.in);
    }

    CostCommand(InstantSource clock, InputStream stdin) {
        this.clock = clock;
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (model.isBlank()) {
            return fail(err, "--model must not be blank; e.g. --model claude-sonnet-4-6");
        }
        Optional<Instant> at = options.instant(clock, err, "cost");
        Optional<PriceCatalog> catalog = options.catalog(err, "cost");
        if (at.isEmpty() || catalog.isEmpty()) {
            return 1;
        }
        String where = file == null || file.equals("-") ? "<stdin>" : file;
        String text;
        try {
            text = file == null || file.equals("-")
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            return fail(err, where + ": no such file");
        } catch (IOException e) {
            return fail(err, where + ": cannot read: " + e.getMessage());
        }
        Usage usage;
        try {
            usage = UsageJson.parse(text);
        } catch (UsageJsonException e) {
            return fail(err, where + ": " + e.getMessage());
        }
        ModelId requested = ModelId.of(model.trim());
        boolean batched = batch || "batch".equals(usage.serviceTier());
        CostResult result = new CostCalculator(catalog.get()).price(requested, usage, batched, at.get());
        return switch (result) {
            case CostResult.Priced priced -> {
                if (json) {
                    out.println(toJson(priced.cost(), requested, at.get()));
                } else {
                    print(out, priced.cost(), requested, at.get());
                }
                yield 0;
            }
            case CostResult.Unpriced unpriced ->
                fail(
                        err,
                        "model '" + unpriced.model() + "' is unpriced at " + at.get()
                                + ": not in the price catalog (see 'ladder prices'; add it with --catalog FILE)");
            case CostResult.InvalidUsage invalid -> fail(err, where + ": " + invalid.message());
        };
    }

    private static int fail(PrintWriter err, String message) {
        err.println("ladder cost: " + message);
        return 1;
    }

    private static void print(PrintWriter out, Cost cost, ModelId requested, Instant at) {
        String model = cost.model().value();
        if (!requested.value().equals(model)) {
            model += " (requested as " + requested + ")";
        }
        out.println("model          " + model);
        out.println("price version  " + cost.priceVersion() + " (at " + at + ")");
        out.println("batch          " + (cost.batch() ? "yes" : "no"));
        out.println("long context   " + (cost.longContext() ? "yes" : "no"));
        for (Cost.LineItem line : cost.lineItems()) {
            if (line.quantity() == 0 && line.amount().nanos() == 0) {
                continue;
            }
            out.printf(
                    "  %-16s %12d %-8s %16s%n",
                    line.kind().id(),
                    line.quantity(),
                    line.kind().unit(),
                    "$" + line.amount().toUsdString());
        }
        out.println("total          $" + cost.total().toUsdString());
    }

    private static String toJson(Cost cost, ModelId requested, Instant at) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", cost.model().value());
        root.put("requested_model", requested.value());
        root.put("price_version", cost.priceVersion());
        root.put("at", at.toString());
        root.put("batch", cost.batch());
        root.put("long_context", cost.longContext());
        root.put("total_usd", cost.total().toUsdString());
        root.put("total_nanos", cost.totalNanos());
        ArrayNode lines = root.putArray("line_items");
        for (Cost.LineItem line : cost.lineItems()) {
            ObjectNode item = lines.addObject();
            item.put("kind", line.kind().id());
            item.put(line.kind().unit(), line.quantity());
            item.put("usd", line.amount().toUsdString());
            item.put("nanos", line.amount().nanos());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("writing a JSON tree", e);
        }
    }
}
