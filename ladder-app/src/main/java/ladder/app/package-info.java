/** The {@code ladder} executable: the CLI commands, config loading and validation, and the one place that wires core to its adapters. */
package ladder.app;
