package ladder.gateway;

import java.util.Locale;
import ladder.core.ModelId;
import ladder.core.Tier;

/** The tier a model id most likely stands for, from its family name, where no router decided it. */
final class ModelFamilies {

    private ModelFamilies() {}

    static Tier tierOf(ModelId model) {
        String id = model.value().toLowerCase(Locale.ROOT);
        if (id.contains("haiku")) {
            return Tier.SMALL;
        }
        if (id.contains("opus")) {
            return Tier.LARGE;
        }
        if (id.contains("fable")) {
            return Tier.FRONTIER;
        }
        return Tier.MEDIUM;
    }
}
