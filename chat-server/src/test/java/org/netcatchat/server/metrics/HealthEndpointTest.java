package org.netcatchat.server.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics port's paths against a real server: alive, ready, not ready when the history cannot be written, 404. */
class HealthEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void healthzSaysAliveAndReadyzSaysReadyWhileTheServerAcceptsAndCanWrite() throws Exception {
        try (MeteredServer server = MeteredServer.start(dir)) {
            assertThat(get(server, "/healthz")).isEqualTo("200 ok\n");
            assertThat(get(server, "/readyz")).isEqualTo("200 ready\n");
        }
    }

    @Test
    void readyzIs503WhileTheHistoryCannotBeWrittenAndReadyAgainOnceItCan() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("logs"));
        Path history = folder.resolve("history.txt");
        try (MeteredServer server = MeteredServer.start(dir, "--history-file", history.toString());
             WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            alice.awaitLineContaining("alice has joined");
            Files.delete(history);
            Files.deleteIfExists(folder.resolve("history.txt.lock"));
            Files.delete(folder); // nothing at the path, and no folder to create it in
            assertThat(alice.request("text lost?")).singleElement().asString().startsWith("ERR history unavailable");

            assertThat(get(server, "/readyz")).isEqualTo("503 not ready: the history cannot be written\n");
            assertThat(get(server, "/healthz")).as("alive all the same").isEqualTo("200 ok\n");

            Files.createDirectory(folder);
            assertThat(alice.request("text back")).singleElement().asString().endsWith("[alice]:back");
            assertThat(get(server, "/readyz")).isEqualTo("200 ready\n");
        }
    }

    @Test
    void unknownPathsAndTheRootAre404NamingThePaths() throws Exception {
        try (MeteredServer server = MeteredServer.start(dir)) {
            for (String path : new String[] {"/", "/ready", "/health", "/-/healthy", "/metrics/x"}) {
                assertThat(get(server, path)).as(path)
                        .isEqualTo("404 not found; the paths are /metrics, /healthz and /readyz\n");
            }
        }
    }

    @Test
    void theMetricsPageHasNoCreatedSeries() throws Exception {
        try (MeteredServer server = MeteredServer.start(dir)) {
            String page = get(server, "/metrics");
            assertThat(page).startsWith("200 ").contains("netcat_messages_total 0.0").contains("jvm_memory_bytes_used");
            assertThat(page.lines()).noneMatch(line -> line.contains("_created"));
        }
    }

    /** {@code "STATUS BODY"}, so one assertion shows both. */
    private static String get(MeteredServer server, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.metricsPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
