import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The floor under the gateway benchmark: the least a blocking HTTP/1.1 relay can do per request, with none of
 * Ladder's work (no JSON, routing, pricing, ledger, HTTP server or client library). One thread per client connection
 * reads a request framed by Content-Length, writes it to its own keep-alive upstream connection, reads the answer
 * (Content-Length framed, as nginx serves the canned files) and writes it back.
 *
 * <p>Run by bench/gateway.sh in the same run as the gateway, once on virtual threads and once on platform threads,
 * so the gateway's CPU per request and added latency can be read against what the thread model alone costs on this
 * machine. Source-file mode: {@code java bench/FloorProxy.java LISTEN_PORT UPSTREAM_PORT virtual|platform}. Loopback
 * only; not a proxy for anything but the benchmark's fixed-response upstream.
 */
public final class FloorProxy {

    private static final int MAX_MESSAGE = 64 * 1024;

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !(args[2].equals("virtual") || args[2].equals("platform"))) {
            System.err.println("usage: java FloorProxy.java LISTEN_PORT UPSTREAM_PORT virtual|platform");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        Thread.Builder threads = args[2].equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
            while (true) {
                Socket client = server.accept();
                threads.start(() -> relay(client, upstream));
            }
        }
    }

    private static void relay(Socket client, int upstreamPort) {
        try (client;
                Socket upstream = new Socket("127.0.0.1", upstreamPort)) {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            InputStream fromClient = client.getInputStream();
            OutputStream toClient = client.getOutputStream();
            InputStream fromUpstream = upstream.getInputStream();
            OutputStream toUpstream = upstream.getOutputStream();
            byte[] request = new byte[MAX_MESSAGE];
            byte[] response = new byte[MAX_MESSAGE];
            while (true) {
                int requestLength = readMessage(fromClient, request);
                if (requestLength < 0) {
                    return;
                }
                toUpstream.write(request, 0, requestLength);
                int responseLength = readMessage(fromUpstream, response);
                if (responseLength < 0) {
                    return;
                }
                toClient.write(response, 0, responseLength);
            }
        } catch (IOException | RuntimeException e) {
            // A client closing its connection ends the relay; anything else would show as errors in wrk's output.
        }
    }

    /** Reads one whole message (head and Content-Length body) into buf; its length, or -1 at end of stream. */
    private static int readMessage(InputStream in, byte[] buf) throws IOException {
        int filled = 0;
        int headEnd = -1;
        while (headEnd < 0) {
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                return -1;
            }
            filled += n;
            headEnd = headEnd(buf, filled);
        }
        int total = headEnd + contentLength(buf, headEnd);
        if (total > buf.length) {
            throw new IOException("message of " + total + " bytes is over the floor proxy's buffer");
        }
        while (filled < total) {
            int n = in.read(buf, filled, total - filled);
            if (n < 0) {
                return -1;
            }
            filled += n;
        }
        return total;
    }

    /** The offset just past the blank line ending the head, or -1 while it has not arrived. */
    private static int headEnd(byte[] b, int length) {
        for (int i = 3; i < length; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int contentLength(byte[] b, int headEnd) throws IOException {
        String head = new String(b, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (head.contains("\r\ntransfer-encoding:")) {
            throw new IOException("chunked messages are not relayed by the floor proxy");
        }
        int at = head.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int start = at + "\r\ncontent-length:".length();
        return Integer.parseInt(head.substring(start, head.indexOf('\r', start)).trim());
    }
}
