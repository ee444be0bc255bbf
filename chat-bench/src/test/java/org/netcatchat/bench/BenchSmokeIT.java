package org.netcatchat.bench;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.ServerProcess;

/**
 * A short run of the tool against the real server jar, as a separate process on a loopback port:
 * the tool's whole path (connect, join, sync, send, confirm, parse, drain, account) against the real thing.
 * Not a benchmark: the numbers are not asserted, only that nothing was lost, duplicated or reordered.
 */
@Timeout(value = 120, unit = SECONDS)
class BenchSmokeIT {
    private static final Path SERVER_JAR = Path.of("..", "chat-server", "target", "chat-server.jar");

    @TempDir
    Path dir;
    private ServerProcess server;

    @BeforeEach
    void startServer() {
        server = ServerProcess.start(dir, "--rate-limit", "0", "--max-connections", "100",
                // a hundred clients on one loopback address: the limits per address are not under test
                "--max-connections-per-ip", "0", "--connection-rate", "0", "--name-rate", "0");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void fiveClientsSendingForTwoSecondsLoseDuplicateAndReorderNothing() throws Exception {
        Report report = Bench.run(options(5, 5, 0, 8, false));

        assertClean(report);
        assertThat(report.number("deliveries").orElseThrow()).isPositive();
        assertThat(report.number("latency_p99_ms")).isPresent();
        assertThat(report.number("server_cpu_pct")).isPresent();
        assertThat(Main.exitStatus(report)).isEqualTo(Main.CLEAN);
    }

    @Test
    void aFixedRateIsKeptAndEveryMessageArrives() throws Exception {
        Report report = Bench.run(options(5, 2, 100, 0, false));

        assertClean(report);
        // 100 msgs/s for the 1.5 s measured window, give or take the edges
        assertThat(report.number("sent_per_s").orElseThrow()).isBetween(80.0, 120.0);
        assertThat(report.number("deliveries_per_s").orElseThrow()).isPositive();
    }

    @Test
    void idleConnectionsReportMemoryPerConnection() throws Exception {
        Report report = Bench.run(options(20, 0, 0, 0, true));

        assertClean(report);
        assertThat(report.number("rss_per_connection_bytes")).isPresent();
        assertThat(report.number("heap_per_connection_bytes")).isPresent();
    }

    private BenchOptions options(int connections, int senders, int rate, int window, boolean idle) {
        return new BenchOptions(new NetcatDialect(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
                connections, senders, rate, window,
                Duration.ofMillis(idle ? 500 : 2000), Duration.ofMillis(idle ? 0 : 500),
                Duration.ofSeconds(10), Duration.ofSeconds(30),
                64, OptionalLong.of(server.pid()), idle, idle, 1, 100, "smoke", "smoke");
    }

    private static void assertClean(Report report) throws IOException {
        assertThat(report.value("problems")).as(report.table()).contains(List.of());
        assertThat(report.value("complete")).as(report.table()).contains(true);
        for (String key : List.of("lost", "duplicated", "out_of_order", "implausible_seq", "errors",
                "malformed", "disconnects")) {
            assertThat(report.number(key).orElseThrow()).as(key + "\n" + report.table()).isZero();
        }
    }
}
