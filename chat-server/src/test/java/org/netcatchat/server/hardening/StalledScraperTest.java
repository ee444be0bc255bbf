package org.netcatchat.server.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, defect 2: an HTTP client that stops in the middle of its request must neither block
 * {@code /metrics} for everyone else nor hold its connection for ever. Each scrape below has the usual
 * deadline; before the fix the first scrape after a stalled request waited until the stalled socket closed.
 */
class StalledScraperTest {
    private static final byte[] PARTIAL_REQUEST = "GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void scrapesAreServedWhileOtherClientsStallInTheMiddleOfTheirRequest() throws IOException {
        try (MeteredServer server = MeteredServer.start(dir);
             Socket stalled = stalledScraper(server.metricsPort());
             Socket secondStalled = stalledScraper(server.metricsPort());
             Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.metricsPort())) {
            for (int scrape = 0; scrape < 3; scrape++) {
                assertThat(server.metric("netcat_active_connections")).isZero();
            }
            assertThat(stalled.isClosed()).isFalse();
        }
    }

    @Test
    void aClientThatStallsInTheMiddleOfItsRequestIsCutOff() throws IOException {
        try (MeteredServer server = MeteredServer.start(dir);
             Socket stalled = stalledScraper(server.metricsPort());
             Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.metricsPort())) {
            for (Socket socket : List.of(stalled, silent)) {
                socket.setSoTimeout((int) WireClient.DEADLINE.toMillis());
                assertThat(readsToTheEnd(socket.getInputStream())).as("the server closed it").isTrue();
            }
            assertThat(server.metric("netcat_active_connections")).isZero();
        }
    }

    private static Socket stalledScraper(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.getOutputStream().write(PARTIAL_REQUEST);
        socket.getOutputStream().flush();
        return socket;
    }

    /**
     * Reads until the server ends the stream or resets it; a {@code SocketTimeoutException} after the
     * deadline fails the test (nothing is expected before the end: the request was never complete).
     */
    private static boolean readsToTheEnd(InputStream in) throws IOException {
        try {
            in.readAllBytes();
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }
}
