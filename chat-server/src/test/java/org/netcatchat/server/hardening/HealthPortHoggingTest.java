package org.netcatchat.server.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.MeteredServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, item 1: one client holding ~80 idle sockets to the metrics port (and one slow-loris request, a byte
 * at a time) must not starve {@code /readyz}, {@code /healthz} or {@code /metrics} for a probe from the same
 * address. Before the fix the JDK server kept 64 connections and closed every one past them at once, so every
 * probe failed until the idle ones were cut. The deadline is generous: this checks "answered", not "fast".
 */
class HealthPortHoggingTest {
    private static final int IDLE_SOCKETS = 80;
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void probesAreAnsweredWhileOneAddressHoldsEightyIdleSocketsAndASlowLoris() throws Exception {
        ScheduledExecutorService loris = Executors.newSingleThreadScheduledExecutor();
        List<Socket> idle = new ArrayList<>();
        try (MeteredServer server = MeteredServer.start(dir);
             HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_DEADLINE).build();
             Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.metricsPort())) {
            for (int i = 0; i < IDLE_SOCKETS; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), server.metricsPort()));
            }
            byte[] request = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Padding: ".getBytes();
            int[] next = {0};
            loris.scheduleAtFixedRate(() -> {
                try {
                    slow.getOutputStream().write(request[next[0]++ % request.length]);
                } catch (IOException closedByTheServer) {
                    // what the server may do to it: the probes below are what this test checks
                }
            }, 0, 50, TimeUnit.MILLISECONDS);

            for (int round = 0; round < 3; round++) {
                assertThat(get(http, server, "/readyz")).isEqualTo("200 ready\n");
                assertThat(get(http, server, "/healthz")).isEqualTo("200 ok\n");
                assertThat(get(http, server, "/metrics")).startsWith("200 ").contains("netcat_messages_total");
            }
        } finally {
            loris.shutdownNow();
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    private static String get(HttpClient http, MeteredServer server, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.metricsPort() + path)).timeout(PROBE_DEADLINE).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
