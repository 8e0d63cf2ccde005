package ladder.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import ladder.app.policy.PolicyLoader;
import ladder.core.route.PolicyConfig;
import ladder.gateway.ApiKey;
import org.junit.jupiter.api.Test;

class ServeKeysTest {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void withPolicyKeys_admitsKeysListedInThePolicy_besideTheKeysFile() {
        PolicyConfig policy =
                PolicyLoader.parse("policy.yaml", """
                        keys:
                          - name: indexer-ci
                            sha256: %s
                            team: search
                            project: indexer
                        """.formatted(HASH)).config();
        ApiKey fromFile =
                ApiKey.create("billing", "invoices", new SecureRandom()).stored();

        List<ApiKey> keys = ServeCommand.withPolicyKeys(List.of(fromFile), policy);

        assertThat(keys).hasSize(2).contains(fromFile);
        assertThat(keys.get(1).sha256()).isEqualTo(HASH);
        assertThat(keys.get(1).team()).isEqualTo("search");
        assertThat(keys.get(1).project()).isEqualTo("indexer");
    }

    @Test
    void withPolicyKeys_keepsTheKeysFileEntry_whenBothListTheSameHash() {
        ApiKey revoked = new ApiKey("key_1", HASH, "search", "indexer", true);
        PolicyConfig policy =
                PolicyLoader.parse("policy.yaml", """
                        keys:
                          - name: indexer-ci
                            sha256: %s
                            team: search
                            project: indexer
                        """.formatted(HASH)).config();

        assertThat(ServeCommand.withPolicyKeys(List.of(revoked), policy)).containsExactly(revoked);
    }
}
