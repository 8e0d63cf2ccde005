/**
 * Test fakes and contract suites shared by every module's tests: a settable clock, a recording sleeper, an
 * in-memory {@link ladder.core.ledger.LedgerStore}, sample call records, {@link ladder.testkit.LedgerStoreContract}
 * (the suite every ledger store's test extends), {@link ladder.testkit.BudgetLedgerContract} (the suite every
 * budget ledger's test extends), and {@link ladder.testkit.ScriptedUpstream}, a scripted fake Anthropic API (plain
 * JSON, SSE with pings, 529, 429 with {@code retry-after}, cut streams, mid-stream errors) that records every request
 * byte for byte.
 */
package ladder.testkit;
