/**
 * Prompt-cache prefix tracking: {@link ladder.core.prefix.PrefixTracker} fingerprints the cacheable blocks of each
 * request (tools, system, messages up to the last cache breakpoint) and, per task, names the block and byte offset
 * where a prefix changed against the task's previous call. Pure and bounded in memory; the gateway calls it once per
 * request with the raw request JSON.
 */
package ladder.core.prefix;
