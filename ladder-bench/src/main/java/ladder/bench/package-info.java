/** JMH benchmarks. We report the figures; nothing asserts on them. */
package ladder.bench;
