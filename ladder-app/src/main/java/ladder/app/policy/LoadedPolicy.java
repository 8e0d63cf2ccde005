package ladder.app.policy;

import java.util.Map;
import java.util.Objects;
import ladder.core.route.PolicyConfig;

/**
 * A valid policy and where its parts came from.
 *
 * @param source the file name as given, or {@code <default>} for the built-in policy
 * @param config the policy
 * @param lines the line of each config path ({@code rules[2].tier}), for lint messages
 */
public record LoadedPolicy(String source, PolicyConfig config, Map<String, Integer> lines) {

    public LoadedPolicy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(config, "config");
        lines = Map.copyOf(lines);
    }

    /** The built-in default policy. */
    public static LoadedPolicy defaults() {
        return new LoadedPolicy("<default>", PolicyConfig.defaults(), Map.of());
    }

    /** {@code source:line} for {@code path} or its nearest enclosing path, or just the source when unknown. */
    public String where(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return source + ":" + line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return source;
    }
}
