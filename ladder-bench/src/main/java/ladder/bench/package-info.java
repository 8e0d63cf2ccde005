/** JMH benchmarks: each {@code *Benchmark} says what question it answers and how to run it. We report, not assert. */
package ladder.bench;
