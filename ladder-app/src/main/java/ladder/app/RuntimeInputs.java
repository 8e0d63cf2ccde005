package ladder.app;

import java.nio.file.Path;
import java.util.List;
import ladder.app.policy.InvalidPolicyException;
import ladder.app.policy.LoadedPolicy;
import ladder.app.policy.PolicyLoader;
import ladder.app.price.CatalogFile;
import ladder.app.price.CatalogProblem;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.price.PriceCatalog;

/** Loads the policy and catalog files a running Ladder needs; every problem becomes one {@link ConfigException}. */
final class RuntimeInputs {

    private RuntimeInputs() {}

    /** The policy in {@code file} (first of the list), or the built-in policy when the list is empty. */
    static LoadedPolicy policy(List<Path> file) {
        if (file.isEmpty()) {
            return LoadedPolicy.defaults();
        }
        try {
            return PolicyLoader.load(file.get(0));
        } catch (InvalidPolicyException e) {
            throw new ConfigException(String.join(System.lineSeparator(), e.errors()), e);
        }
    }

    /** The built-in catalog with the user file (first of the list) on top, if any. */
    static PriceCatalog catalog(List<Path> file) {
        if (file.isEmpty()) {
            return DefaultPriceCatalog.get();
        }
        CatalogFile.Loaded loaded = CatalogFile.load(file.get(0), DefaultPriceCatalog.get());
        if (!loaded.problems().isEmpty()) {
            throw new ConfigException(String.join(
                    System.lineSeparator(),
                    loaded.problems().stream().map(CatalogProblem::toString).toList()));
        }
        return loaded.catalog().orElseThrow();
    }
}
