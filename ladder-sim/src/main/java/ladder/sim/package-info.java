/**
 * A simulated Anthropic Messages API upstream, so the demo, tests and benchmarks run without an API key.
 *
 * <p>{@link ladder.sim.SimulatedUpstream} is the entry point: it serves {@code POST /v1/messages} (plain and SSE),
 * {@code count_tokens}, {@code /v1/models} and Message Batches on a Helidon webserver. Behaviour per model comes from
 * {@link ladder.sim.SimConfig} and {@link ladder.sim.ModelProfile}: latency, the minimum cacheable prompt length,
 * the rate of invalid tool input and invalid JSON answers, and {@link ladder.sim.FaultConfig} fault rates. Inside:
 * {@code PromptLayout} turns a request into cacheable blocks, {@code PromptCache} emulates prompt caching by prefix,
 * {@code ReplyPlanner} decides the answer (text, JSON or a schema-valid tool call from {@code SchemaValues}), and
 * {@code MessagesApi}, {@code Batches} and {@code SseWriter} put it on the wire.
 */
package ladder.sim;
