/**
 * JSON mappings of Anthropic API shapes shared by the CLI and the gateway: {@link ladder.app.json.UsageJson} reads
 * a {@code usage} object into {@link ladder.core.Usage}.
 */
package ladder.app.json;
