package ladder.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import ladder.gateway.ApiKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.ofMain(args);
    }

    @Test
    void create_printsKeyOnce_andStoresOnlyItsHash() throws Exception {
        Path data = dir.resolve("keys.yaml");
        CliRun first = run("keys", "create", "--team", "search", "--project", "ranker", "--data", data.toString());
        CliRun second = run("keys", "create", "--team", "ops", "--project", "bots", "--data", data.toString());

        assertThat(first.exit()).isZero();
        String key = first.out().strip();
        assertThat(key).startsWith("lk_").hasSizeGreaterThan(40);
        String stored = Files.readString(data);
        assertThat(stored)
                .doesNotContain(key)
                .contains(ApiKey.sha256Hex(key))
                .contains("search")
                .contains("ops");
        assertThat(KeysFile.read(data)).hasSize(2);
        assertThat(second.out().strip()).isNotEqualTo(key);
    }

    @Test
    void revoke_knownId_marksRevoked_unknownId_fails() {
        Path data = dir.resolve("keys.yaml");
        run("keys", "create", "--team", "t", "--project", "p", "--data", data.toString());
        String id = KeysFile.read(data).get(0).id();

        assertThat(run("keys", "revoke", "--id", id, "--data", data.toString()).exit())
                .isZero();
        assertThat(KeysFile.read(data).get(0).revoked()).isTrue();
        CliRun missing = run("keys", "revoke", "--id", "key_nope", "--data", data.toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("key_nope");
    }

    @Test
    void serve_missingConfigFile_exitsNonZeroNamingTheFile() {
        CliRun run = run("serve", "--config", dir.resolve("absent.yaml").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("absent.yaml").contains("not found");
    }
}
