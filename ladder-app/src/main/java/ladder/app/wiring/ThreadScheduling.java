package ladder.app.wiring;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lowers the calling thread's Linux scheduling policy and nice value by running {@code chrt} and {@code renice} (from
 * util-linux) on its kernel thread id; Java has no API for either. Never throws: a missing or refused command, or a
 * system without {@code /proc/thread-self}, leaves the thread as it was and logs one line per process.
 *
 * @param chrt the {@code chrt} command
 * @param renice the {@code renice} command
 */
record ThreadScheduling(String chrt, String renice) {

    static final ThreadScheduling SYSTEM = new ThreadScheduling("chrt", "renice");

    private static final System.Logger LOG = System.getLogger(ThreadScheduling.class.getName());
    private static final AtomicBoolean REPORTED = new AtomicBoolean();
    private static final long COMMAND_TIMEOUT_SECONDS = 5;

    ThreadScheduling {
        Objects.requireNonNull(chrt, "chrt");
        Objects.requireNonNull(renice, "renice");
    }

    /**
     * Applies {@code priority} to the calling thread; true when it now runs at it ({@link
     * LedgerWriterPriority#NORMAL} always is).
     */
    boolean lowerCurrentThread(LedgerWriterPriority priority) {
        if (priority == LedgerWriterPriority.NORMAL) {
            return true;
        }
        Optional<String> tid = currentTid();
        if (tid.isEmpty()) {
            reportOnce(
                    Level.INFO,
                    "ledger.writer-priority " + priority.id()
                            + " not applied: no /proc/thread-self (not Linux); the ledger writer runs at normal priority");
            return false;
        }
        List<List<String>> commands = new ArrayList<>();
        switch (priority) {
            case IDLE -> commands.add(List.of(chrt, "--idle", "-p", "0", tid.get()));
            case BATCH -> {
                commands.add(List.of(chrt, "--batch", "-p", "0", tid.get()));
                commands.add(List.of(renice, "-n", "19", "-p", tid.get()));
            }
            case NORMAL -> throw new IllegalStateException("handled above");
        }
        for (List<String> command : commands) {
            Optional<String> failure = run(command);
            if (failure.isPresent()) {
                reportOnce(
                        Level.WARNING,
                        "ledger.writer-priority " + priority.id() + " not applied (" + failure.get()
                                + "); the ledger writer runs at normal priority");
                return false;
            }
        }
        LOG.log(Level.DEBUG, "ledger writer thread {0} runs at priority {1}", tid.get(), priority.id());
        return true;
    }

    /** The kernel id of the calling thread, from {@code /proc/thread-self -> <pid>/task/<tid>}. */
    static Optional<String> currentTid() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Optional.of(self.getFileName().toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Runs {@code command}; empty when it exited 0, else what went wrong in a few words. */
    private static Optional<String> run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of(String.join(" ", command) + " did not finish");
            }
            if (process.exitValue() != 0) {
                return Optional.of(String.join(" ", command) + " exited " + process.exitValue()
                        + (output.isEmpty()
                                ? ""
                                : ": " + output.lines().findFirst().orElse("")));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // RuntimeException: a security manager or an odd platform must not stop the ledger writer.
            return Optional.of("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while running " + command.get(0));
        }
    }

    private static void reportOnce(Level level, String message) {
        if (REPORTED.compareAndSet(false, true)) {
            LOG.log(level, message);
        }
    }
}
