package ladder.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Says why a listen address cannot be bound, for the message of a gateway that failed to start. */
final class ListenProbe {

    private ListenProbe() {}

    /**
     * Binds {@code host:port} once and releases it: the operating system's reason when that fails (such as
     * "Address already in use"), else a pointer to the server's own log, since the failure was not reproducible.
     */
    static String whyNot(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return "the HTTP server did not start (its log above says why)";
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
