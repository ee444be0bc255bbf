package org.netcatchat.server;

import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.WireClient;
import org.awaitility.core.ConditionFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link TestServer} with its {@code /metrics} on a free loopback port, read over HTTP as Prometheus
 * would: every limit a test provokes is checked through the metric an operator would watch.
 */
public final class MeteredServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final TestServer server;
    private final int metricsPort;

    private MeteredServer(TestServer server, int metricsPort) {
        this.server = server;
        this.metricsPort = metricsPort;
    }

    public static MeteredServer start(Path dir, String... args) {
        return start(dir, Clock.systemDefaultZone(), args);
    }

    public static MeteredServer start(Path dir, Clock clock, String... args) {
        for (int attempt = 1; ; attempt++) {
            int metricsPort = FreePort.pick();
            List<String> all = new ArrayList<>(List.of("--metrics-port", Integer.toString(metricsPort),
                    "--metrics-bind", "127.0.0.1"));
            all.addAll(List.of(args));
            try {
                return new MeteredServer(TestServer.start(dir, clock, all.toArray(String[]::new)), metricsPort);
            } catch (UncheckedIOException e) {
                // A free port is free only until someone takes it: the chat port (0) itself may get it first.
                if (!(e.getCause() instanceof BindException) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    public TestServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** Connections admitted and not yet ended, as the listener counts them. */
    public int liveConnections() {
        return server.server().liveConnections();
    }

    public Path historyFile() {
        return server.historyFile();
    }

    public int metricsPort() {
        return metricsPort;
    }

    public WireClient connect() {
        return server.connect();
    }

    public WireClient connectAdmitted() {
        return server.connectAdmitted();
    }

    /** Connects, joins as {@code name} and reads the replayed history up to its own join notice. */
    public WireClient joined(String name) {
        return joined(server.connectAdmitted(), name);
    }

    /** As {@link #joined(String)}, from another loopback address ({@code 127.0.0.2}): limits per address apart. */
    public WireClient joinedFrom(String localAddress, String name) {
        WireClient client = WireClient.connectFrom(localAddress, port());
        client.awaitGreeting();
        return joined(client, name);
    }

    private static WireClient joined(WireClient client, String name) {
        client.join(name);
        client.awaitLineContaining("] " + name + " has joined our chat...");
        return client;
    }

    /**
     * One series as Prometheus names it, labels included: {@code netcat_rejected_frames_total{reason="rate_limited"}}.
     * Fails when the series is not on the page.
     */
    public double metric(String series) {
        Map<String, Double> page = scrape(metricsPort);
        assertThat(page).as("series on /metrics").containsKey(series);
        return page.get(series);
    }

    public void awaitMetric(String series, double expected) {
        awaiting().untilAsserted(() -> assertThat(metric(series)).as(series).isEqualTo(expected));
    }

    /** Awaitility with the wire client's deadline, polling often: a condition is seen soon after it holds. */
    public static ConditionFactory awaiting() {
        return await().atMost(WireClient.DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }

    /** Every sample on {@code http://127.0.0.1:port/metrics}, keyed by name and labels as written in a query. */
    public static Map<String, Double> scrape(int port) {
        String page = fetch(URI.create("http://127.0.0.1:" + port + "/metrics"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : page.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            // simpleclient writes a trailing comma in label sets: reason="rate_limited",}
            String series = line.substring(0, space).replace(",}", "}");
            samples.put(series, Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    public static String fetch(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(WireClient.DEADLINE).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
