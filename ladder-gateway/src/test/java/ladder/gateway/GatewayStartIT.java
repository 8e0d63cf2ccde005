package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class GatewayStartIT {

    @Test
    void start_portAlreadyTaken_failsNamingTheAddressAndTheReason() throws Exception {
        ApiKey.Created key = ApiKey.create("team", "project", new SecureRandom());
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            GatewayConfig config = GatewayConfig.of("127.0.0.1", port, URI.create("http://127.0.0.1:9"), "sk-x");

            assertThatThrownBy(() -> TestGateways.start(config, key, new InMemoryAttempts()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + port)
                    .hasMessageContaining("in use");
        }
    }
}
