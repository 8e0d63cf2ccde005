/**
 * Test fakes and contract suites shared by every module's tests: a settable clock, a recording sleeper, and {@link
 * ladder.testkit.ScriptedUpstream}, a scripted fake Anthropic API (plain JSON, SSE with pings, 529, 429 with
 * {@code retry-after}, cut streams, mid-stream errors) that records every request byte for byte.
 */
package ladder.testkit;
