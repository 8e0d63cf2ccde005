package ladder.app.price;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.price.PriceCatalog;
import picocli.CommandLine.Option;

/** The {@code --at} and {@code --catalog} options shared by {@code prices} and {@code cost}. */
final class CatalogOptions {

    @Option(
            names = "--at",
            paramLabel = "DATE",
            description = "Price as of this date (2026-07-01, UTC midnight) or instant (2026-07-01T12:00:00Z);"
                    + " default: now.")
    String at;

    @Option(
            names = "--catalog",
            paramLabel = "FILE",
            description = "A user catalog (YAML) that extends or overrides the built-in prices.")
    Path catalog;

    /** The instant to price at, or empty after printing one error line. */
    Optional<Instant> instant(InstantSource clock, PrintWriter err, String command) {
        if (at == null) {
            return Optional.of(clock.instant());
        }
        try {
            return Optional.of(CatalogFile.parseInstant(at));
        } catch (DateTimeParseException e) {
            err.println("ladder " + command + ": --at: '" + at
                    + "' is not a date (2026-07-01) or an ISO instant (2026-07-01T12:00:00Z)");
            return Optional.empty();
        }
    }

    /** The built-in catalog with the user file on top, or empty after printing every problem. */
    Optional<PriceCatalog> catalog(PrintWriter err, String command) {
        if (catalog == null) {
            return Optional.of(DefaultPriceCatalog.get());
        }
        CatalogFile.Loaded loaded = CatalogFile.load(catalog, DefaultPriceCatalog.get());
        for (CatalogProblem problem : loaded.problems()) {
            err.println("ladder " + command + ": " + problem);
        }
        return loaded.catalog();
    }
}
