package org.netcatchat.server.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.server.TestServer;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, defect 11: a joined client that vanished without a FIN or RST must not hold its slot for ever.
 * Every connection has TCP keepalive with short probes, and {@code --idle-timeout} closes joined clients that
 * send nothing, for operators who want it.
 */
class DeadPeerTest {
    /** In /proc/net/tcp, timer 2 is the keepalive timer; its expiry is in clock ticks (USER_HZ, 100 a second). */
    private static final int KEEPALIVE_TIMER = 2;
    private static final int TICKS_PER_SECOND = 100;

    @TempDir
    Path dir;

    @Test
    @EnabledOnOs(OS.LINUX) // reads the kernel's own view of the server's socket
    void everyAdmittedConnectionHasKeepaliveWithAFirstProbeWithinAMinute() {
        try (TestServer server = TestServer.start(dir);
             WireClient client = server.connectAdmitted()) {
            int clientPort = client.socket().getLocalPort();

            MeteredServer.awaiting().untilAsserted(() -> {
                Optional<long[]> timer = serverSideTimer(server.port(), clientPort);
                assertThat(timer).as("the server's end of the connection in /proc/net/tcp*").isPresent();
                assertThat(timer.get()[0]).as("timer of the server's socket (2 = keepalive)").isEqualTo(KEEPALIVE_TIMER);
                assertThat(timer.get()[1]).as("ticks to the first probe").isBetween(1L, 60L * TICKS_PER_SECOND);
            });
        }
    }

    @Test
    void aJoinedClientThatSendsNothingIsClosedAfterTheIdleTimeoutAndTheOthersAreTold() {
        // 1.5 s, not less: the watcher is idle between two of its requests too, and a pause of the whole test JVM
        // (GC, a throttled CI runner) longer than the timeout would close the watcher first.
        try (TestServer server = TestServer.start(dir, "--idle-timeout", "1500ms", "--rate-limit", "0");
             WireClient watcher = server.connectAdmitted();
             WireClient idle = server.connectAdmitted()) {
            watcher.join("watcher");
            idle.join("idle");
            // idle sends nothing at all; the watcher keeps talking (hist 1) until it sees idle leave
            long deadline = System.nanoTime() + WireClient.DEADLINE.toNanos();
            boolean left = false;
            while (!left) {
                assertThat(System.nanoTime()).as("idle left before the deadline").isLessThan(deadline);
                left = watcher.request("hist 1").stream().anyMatch(line -> line.endsWith("] idle has left our chat..."));
            }

            assertThat(idle.awaitClosed()).last().asString()
                    .isEqualTo("Closing: nothing received for 1.5 seconds. Reconnect to chat again.");
        }
    }

    @Test
    void theIdleTimeoutIsOffByDefault() {
        assertThat(TestServer.parse().idleTimeout()).isZero();
    }

    /** The timer kind and ticks to expiry of the server's end of the connection, from /proc/net/tcp or tcp6. */
    private static Optional<long[]> serverSideTimer(int serverPort, int clientPort) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X", serverPort);
        String remote = String.format(Locale.ROOT, ":%04X", clientPort);
        List<String> lines = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (Files.isReadable(path)) {
                lines.addAll(Files.readAllLines(path));
            }
        }
        for (String line : lines) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 5 && fields[1].endsWith(local) && fields[2].endsWith(remote)) {
                String[] timer = fields[5].split(":");
                return Optional.of(new long[]{Long.parseLong(timer[0], 16), Long.parseLong(timer[1], 16)});
            }
        }
        return Optional.empty();
    }
}
