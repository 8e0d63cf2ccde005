package ladder.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the simulated upstream. Build one from {@link #defaults()} (realistic latency, for the demo) or
 * {@link #instant()} (no latency, for tests and benchmarks) and adjust with the {@code with*} methods, or read a YAML
 * file with {@link #load(Path)}.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1}
 * @param port the port to listen on; 0 picks a free port
 * @param seed seed of the random that draws faults and varies answers; the same seed and calls give the same answers
 * @param batchDelay how long a message batch stays {@code in_progress}; zero ends batches at once
 * @param defaultProfile behaviour of any model id not in {@code models}
 * @param models behaviour per model id; unknown ids are answered too, with {@code defaultProfile}
 */
public record SimConfig(
        String host,
        int port,
        long seed,
        Duration batchDelay,
        ModelProfile defaultProfile,
        Map<String, ModelProfile> models) {

    /** Bind address unless configured. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Port of {@code ladder upstream-sim} unless configured. */
    public static final int DEFAULT_PORT = 8089;
    /** Seed unless configured. */
    public static final long DEFAULT_SEED = 42L;

    public SimConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(batchDelay, "batchDelay");
        Objects.requireNonNull(defaultProfile, "defaultProfile");
        Objects.requireNonNull(models, "models");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
        }
        if (batchDelay.isNegative()) {
            throw new IllegalArgumentException("batch-delay must not be negative, was " + batchDelay);
        }
        models.forEach((id, profile) -> {
            Objects.requireNonNull(id, "model id");
            Objects.requireNonNull(profile, "profile of " + id);
            if (id.isBlank()) {
                throw new IllegalArgumentException("model id must not be blank");
            }
        });
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    /** The models the sim knows, with latencies roughly like the real API's, on port {@value #DEFAULT_PORT}. */
    public static SimConfig defaults() {
        Map<String, ModelProfile> models = new LinkedHashMap<>();
        models.put(
                "claude-haiku-4-5",
                ModelProfile.of(Duration.ofMillis(250), Duration.ofMillis(5), ModelProfile.HAIKU_MIN_CACHEABLE_TOKENS));
        models.put(
                "claude-sonnet-4-6",
                ModelProfile.of(
                        Duration.ofMillis(600), Duration.ofMillis(12), ModelProfile.DEFAULT_MIN_CACHEABLE_TOKENS));
        models.put(
                "claude-opus-4-8",
                ModelProfile.of(
                        Duration.ofMillis(900), Duration.ofMillis(20), ModelProfile.DEFAULT_MIN_CACHEABLE_TOKENS));
        models.put(
                "claude-fable-5",
                ModelProfile.of(
                        Duration.ofMillis(1200), Duration.ofMillis(25), ModelProfile.DEFAULT_MIN_CACHEABLE_TOKENS));
        models.put(
                "claude-opus-4-1",
                ModelProfile.of(
                        Duration.ofMillis(1000), Duration.ofMillis(30), ModelProfile.DEFAULT_MIN_CACHEABLE_TOKENS));
        return new SimConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SEED, Duration.ZERO, ModelProfile.defaults(), models);
    }

    /** {@link #defaults()} without any latency and on a free port: for tests and benchmarks. */
    public static SimConfig instant() {
        return defaults().withoutLatency().withPort(0);
    }

    /**
     * Reads a YAML config file; keys left out keep their {@link #defaults()} values.
     *
     * @throws SimConfigException naming the file, the key, the bad value and what would be valid
     */
    public static SimConfig load(Path file) {
        return SimConfigLoader.load(file);
    }

    /** The profile for {@code model}: its own, or the default profile for ids the config does not name. */
    public ModelProfile profile(String model) {
        return models.getOrDefault(model, defaultProfile);
    }

    /** This config on another port. */
    public SimConfig withPort(int newPort) {
        return new SimConfig(host, newPort, seed, batchDelay, defaultProfile, models);
    }

    /** This config bound to another address. */
    public SimConfig withHost(String newHost) {
        return new SimConfig(newHost, port, seed, batchDelay, defaultProfile, models);
    }

    /** This config with another seed. */
    public SimConfig withSeed(long newSeed) {
        return new SimConfig(host, port, newSeed, batchDelay, defaultProfile, models);
    }

    /** This config keeping batches in progress for {@code delay}. */
    public SimConfig withBatchDelay(Duration delay) {
        return new SimConfig(host, port, seed, delay, defaultProfile, models);
    }

    /** This config with {@code profile} for {@code model} (added or replaced). */
    public SimConfig withModel(String model, ModelProfile profile) {
        Map<String, ModelProfile> copy = new LinkedHashMap<>(models);
        copy.put(model, profile);
        return new SimConfig(host, port, seed, batchDelay, defaultProfile, copy);
    }

    /** This config with both latencies zero for every model. */
    public SimConfig withoutLatency() {
        Map<String, ModelProfile> copy = new LinkedHashMap<>();
        models.forEach((id, profile) -> copy.put(id, profile.withoutLatency()));
        return new SimConfig(host, port, seed, batchDelay, defaultProfile.withoutLatency(), copy);
    }
}
