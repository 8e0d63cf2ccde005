package ladder.app.price;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import ladder.core.Money;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.price.LongContextRule;
import ladder.core.price.ModelPrice;
import ladder.core.price.PriceCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ladder prices}: lists the catalog in force, or checks a user catalog file. */
@Command(
        name = "prices",
        mixinStandardHelpOptions = true,
        description = {
            "List the model prices in force (USD per million tokens), or check a user catalog file.",
            "Exit status: 0 ok, 1 problems found."
        })
public final class PricesCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions options = new CatalogOptions();

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(
            names = "--check",
            paramLabel = "FILE",
            description = "Validate a user catalog file and print every problem (file, line, entry, field).")
    Path check;

    private final InstantSource clock;

    /** The command on the system clock. */
    public PricesCommand() {
        this(InstantSource.system());
    }

    PricesCommand(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (check != null) {
            CatalogFile.Loaded loaded = CatalogFile.load(check, DefaultPriceCatalog.get());
            for (CatalogProblem problem : loaded.problems()) {
                err.println("ladder prices: " + problem);
            }
            if (!loaded.problems().isEmpty()) {
                err.println("ladder prices: " + loaded.problems().size() + " problem"
                        + (loaded.problems().size() == 1 ? "" : "s") + " in " + check);
                return 1;
            }
            out.println(check + ": ok");
            return 0;
        }
        Optional<Instant> at = options.instant(clock, err, "prices");
        Optional<PriceCatalog> catalog = options.catalog(err, "prices");
        if (at.isEmpty() || catalog.isEmpty()) {
            return 1;
        }
        List<ModelPrice> inForce = catalog.get().inForce(at.get());
        String version = catalog.get().versionAt(at.get());
        if (json) {
            out.println(toJson(inForce, version, at.get()));
        } else {
            printTable(out, inForce, version, at.get());
        }
        return 0;
    }

    private static String toJson(List<ModelPrice> prices, String version, Instant at) {
        ObjectNode root = JSON.createObjectNode();
        root.put("at", at.toString());
        root.put("catalog_version", version);
        ArrayNode models = root.putArray("models");
        for (ModelPrice price : prices) {
            ObjectNode model = models.addObject();
            model.put("id", price.id().value());
            ArrayNode aliases = model.putArray("aliases");
            price.aliases().forEach(a -> aliases.add(a.value()));
            model.put("tier", price.tier().id());
            model.put("input_usd_per_mtok", usd(price.inputNanosPerMTok()));
            model.put("output_usd_per_mtok", usd(price.outputNanosPerMTok()));
            model.put("cache_write_5m_usd_per_mtok", usd(price.cacheWrite5mNanosPerMTok()));
            model.put("cache_write_1h_usd_per_mtok", usd(price.cacheWrite1hNanosPerMTok()));
            model.put("cache_read_usd_per_mtok", usd(price.cacheReadNanosPerMTok()));
            model.put("batch_factor", price.batchFactor().toString());
            model.put("context_window", price.contextWindow());
            if (price.longContext() instanceof LongContextRule.Premium premium) {
                ObjectNode rule = model.putObject("long_context");
                rule.put("threshold_input_tokens", premium.thresholdInputTokens());
                rule.put("input_factor", premium.inputFactor().toString());
                rule.put("output_factor", premium.outputFactor().toString());
            } else {
                model.putNull("long_context");
            }
            model.put("web_search_usd_per_request", usd(price.webSearchNanosPerRequest()));
            model.put("effective_from", price.effectiveFrom().toString());
            if (price.isOpenEnded()) {
                model.putNull("effective_to");
            } else {
                model.put("effective_to", price.effectiveTo().toString());
            }
            model.put("version", price.versionId());
            model.put("source", price.source());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("writing a JSON tree", e);
        }
    }

    private static void printTable(PrintWriter out, List<ModelPrice> prices, String version, Instant at) {
        out.println("Prices in force at " + at + " (catalog " + version + "), USD per million tokens:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "MODEL",
            "TIER",
            "INPUT",
            "OUTPUT",
            "WRITE-5M",
            "WRITE-1H",
            "READ",
            "BATCH",
            "CONTEXT",
            "LONG-CONTEXT",
            "VERSION"
        });
        for (ModelPrice p : prices) {
            rows.add(new String[] {
                p.id().value(),
                p.tier().id(),
                usd(p.inputNanosPerMTok()),
                usd(p.outputNanosPerMTok()),
                usd(p.cacheWrite5mNanosPerMTok()),
                usd(p.cacheWrite1hNanosPerMTok()),
                usd(p.cacheReadNanosPerMTok()),
                "x" + p.batchFactor(),
                tokens(p.contextWindow()),
                longContext(p.longContext()),
                p.versionId()
            });
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean number = i >= 2 && i <= 6;
                String cell = number ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
                line.append(cell).append(i + 1 < row.length ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("Sources:");
        for (ModelPrice p : prices) {
            out.println("  " + p.id() + ": " + p.source());
        }
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }

    static String usd(long nanos) {
        return Money.ofNanos(nanos).toUsdString();
    }

    private static String tokens(long count) {
        return count % 1_000_000 == 0 ? count / 1_000_000 + "M" : count % 1_000 == 0 ? count / 1_000 + "K" : "" + count;
    }

    private static String longContext(LongContextRule rule) {
        return switch (rule) {
            case LongContextRule.None none -> "-";
            case LongContextRule.Premium p ->
                ">" + tokens(p.thresholdInputTokens()) + ": in x" + p.inputFactor() + ", out x" + p.outputFactor();
        };
    }
}
