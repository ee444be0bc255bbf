package org.netcatchat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fixture against the real {@code haproxy}: connections go round-robin over the backends. */
@Timeout(120)
class HaproxyProcessIT {
    @TempDir
    Path dir;

    @Test
    void connectionsGoToEachBackendInTurn() throws Exception {
        List<ServerSocket> backends = new ArrayList<>();
        List<Thread> answering = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                backends.add(backend);
                String name = "backend-" + i + "\n";
                answering.add(Thread.ofVirtual().start(() -> answer(backend, name)));
            }
            try (HaproxyProcess haproxy = HaproxyProcess.roundRobin(dir,
                    backends.stream().map(ServerSocket::getLocalPort).toList())) {
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    seen.add(firstLine(haproxy.port()));
                }

                // Round-robin: each backend once in every three, in a fixed rotation.
                assertThat(seen.subList(0, 3)).containsExactlyInAnyOrder("backend-0", "backend-1", "backend-2");
                assertThat(seen.subList(3, 6)).isEqualTo(seen.subList(0, 3));
                assertThat(haproxy.stop()).isEqualTo(143); // 128 + SIGTERM: its hard stop
                assertThat(haproxy.isAlive()).isFalse();
            }
        } finally {
            for (ServerSocket backend : backends) {
                backend.close();
            }
            for (Thread thread : answering) {
                thread.join();
            }
        }
    }

    /**
     * Every accepted connection gets the backend's name, then is closed. A connection the peer already closed
     * (HAProxy's readiness probe goes through to a backend too) fails only itself; the loop ends when the
     * backend is closed at the end of the test.
     */
    private static void answer(ServerSocket backend, String name) {
        while (!backend.isClosed()) {
            try (Socket socket = backend.accept()) {
                socket.getOutputStream().write(name.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // that one connection, or the backend closed: the loop condition decides
            }
        }
    }

    private static String firstLine(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            byte[] all = socket.getInputStream().readAllBytes();
            return new String(all, StandardCharsets.US_ASCII).strip();
        }
    }
}
