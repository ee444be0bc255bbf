package org.netcatchat.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.ServerJar;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared fixture (chat-testing's {@link ServerProcess}) against the real jar, here where the jar is built:
 * what the client's and the bench's tests and the soak tool rely on it for.
 */
class ServerProcessFixtureIT {
    @TempDir
    Path dir;

    @Test
    void bothPortsAreReadBackFromTheStartUpLineAndAnswer() {
        // Metrics port 0 is "metrics off" to the server: a port of its own, which the fixture reads back.
        try (ServerProcess server = ServerProcess.start(dir, "--metrics-port", Integer.toString(FreePort.pick()));
             WireClient alice = WireClient.connect(server.port())) {
            alice.awaitGreeting();
            assertThat(MeteredServer.fetch(URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")))
                    .contains("netcat_connections");
            assertThat(server.stop()).isZero();
        }
    }

    @Test
    void withMetricsOffAskingForTheMetricsPortIsAnAssertionError() {
        try (ServerProcess server = ServerProcess.start(dir)) {
            assertThatThrownBy(server::metricsPort).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no metrics port").hasMessageContaining("metrics off");
        }
    }

    @Test
    void aRestartKeepsThePortAndTheHistoryFile() {
        ServerProcess server = ServerProcess.start(dir, "--rate-limit", "0");
        try {
            int port = server.port();
            try (WireClient alice = WireClient.connect(port)) {
                alice.awaitGreeting();
                alice.join("alice");
                alice.send("text said before the restart");
                alice.awaitLineContaining("said before the restart");
            }

            server = server.restart();

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.historyFile()).isEqualTo(dir.resolve("history.txt"));
            try (WireClient bob = WireClient.connect(port)) {
                bob.awaitGreeting();
                bob.send("name bob");
                assertThat(bob.awaitLineContaining("said before the restart")).endsWith("[alice]:said before the restart");
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aServerLoggingToAFileStopsWithZeroAndTheFileHoldsItsLog() throws IOException {
        Path log = dir.resolve("server.log");
        try (ServerProcess server = ServerProcess.start(ServerJar.path(), dir, List.of("--metrics-port", Integer.toString(FreePort.pick()), "--metrics-bind", "127.0.0.1"),
                Optional.of(log))) {
            assertThat(server.port()).isPositive();
            assertThat(server.metricsPort()).isPositive().isNotEqualTo(server.port());

            assertThat(server.stop()).isZero();

            assertThat(Files.readString(log)).contains("listening on 127.0.0.1:" + server.port() + ";", "stopped");
            assertThat(server.stderr()).isEqualTo(Files.readAllLines(log));
        }
    }

    @Test
    void killEndsTheServerAtOnceWithoutItsShutdownHook() {
        try (ServerProcess server = ServerProcess.start(dir)) {
            server.kill();

            assertThat(server.isAlive()).isFalse();
            assertThat(server.awaitExit()).isEqualTo(128 + 9);
            assertThat(server.stderr()).noneMatch(line -> line.contains("stopped"));
        }
    }

    @Test
    void aServerThatCannotStartIsAnAssertionErrorCarryingItsOutput() {
        assertThatThrownBy(() -> ServerProcess.start(dir, "--max-connections", "zero"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not start").hasMessageContaining("zero");
    }

    @Test
    void theServerRunsFromAPrivateCopyOfTheJar() {
        try (ServerProcess server = ServerProcess.start(dir)) {
            List<String> arguments = List.of(ProcessHandle.of(server.pid()).orElseThrow().info().arguments()
                    .orElseThrow());

            assertThat(arguments).contains("--enable-preview", "-jar",
                    dir.resolve(".server-jar").resolve("chat-server.jar").toString());
            assertThat(dir.resolve(".server-jar").resolve("chat-server.jar")).hasSameBinaryContentAs(ServerJar.path());
        }
    }
}
