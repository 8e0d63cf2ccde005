/** Test fakes and contract suites shared by every module's tests: a settable clock, a recording sleeper. */
package ladder.testkit;
