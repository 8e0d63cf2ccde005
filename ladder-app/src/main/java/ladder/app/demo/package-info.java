/**
 * {@code ladder demo}: Ladder's main job on its embedded defaults. Starts the simulated upstream and the gateway,
 * drives a realistic agent workload through the gateway with a real HTTP client, and prints cost per task against
 * "Opus for everything" and "routed without caching".
 */
package ladder.app.demo;
