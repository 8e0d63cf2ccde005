/**
 * Test fakes and contract suites shared by every module's tests: a settable clock, a recording sleeper, an
 * in-memory {@link ladder.core.ledger.LedgerStore}, sample call records, and {@link
 * ladder.testkit.LedgerStoreContract}, the suite every ledger store's test extends.
 */
package ladder.testkit;
