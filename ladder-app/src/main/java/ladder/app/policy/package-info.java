/**
 * Policy files: {@link ladder.app.policy.PolicyLoader} reads a routing policy (YAML, schema in {@code
 * schemas/policy.schema.json}), validates it with file/line/field messages and returns the core {@link
 * ladder.core.route.PolicyConfig}; the {@code route} and {@code policy check} commands live here too.
 */
package ladder.app.policy;
