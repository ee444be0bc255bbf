package org.netcatchat.server.hardening;

import org.netcatchat.server.MeteredServer;
import org.netcatchat.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.ServerProcess;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --metrics-bind} on the real jar: what the start-up line says is where the endpoint listens. */
class MetricsBindIT {
    @TempDir
    Path dir;

    @Test
    void metricsBindKeepsTheEndpointOnLoopbackAndTheStartUpLineSaysSo() throws Exception {
        int metricsPort = FreePort.pick();
        try (ServerProcess server = ServerProcess.start(dir, "--metrics-port", Integer.toString(metricsPort),
                "--metrics-bind", "127.0.0.1")) {
            assertThat(server.stderr()).anyMatch(line -> line.contains("listening on")
                    && line.contains("metrics on http://127.0.0.1:" + metricsPort + "/metrics"));
            assertThat(ListeningSockets.addressesOf(metricsPort)).containsExactly(InetAddress.getByName("127.0.0.1"));
            assertThat(MeteredServer.fetch(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")))
                    .contains("netcat_active_connections 0.0");
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }
}
