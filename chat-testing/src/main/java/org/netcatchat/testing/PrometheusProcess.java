package org.netcatchat.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A real {@code prometheus} for the operator kit's tests: on loopback, on a port that was free, with its own
 * TSDB directory and its log in {@code prometheus.log} beside it. It is ready when {@code /-/ready} answers 200,
 * Prometheus' own word that it has loaded its configuration and serves queries; a query made before then (or
 * to a Prometheus that exited) fails with a connection refused, which is what the operator kit's test once hit
 * 1.4 s into its run. Not thread-safe: one test drives it.
 */
public final class PrometheusProcess implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final ExternalProcess process;
    private final HttpClient http;

    private PrometheusProcess(int port, ExternalProcess process, HttpClient http) {
        this.port = port;
        this.process = process;
        this.http = http;
    }

    /**
     * Writes {@code config} (a whole {@code prometheus.yml}) into {@code dir}, starts Prometheus with its data in
     * {@code dir/data}, and waits until it is ready; fails with its log if it exits first or is not ready in time.
     */
    public static PrometheusProcess start(Path dir, String config) {
        return start(dir, port -> config);
    }

    /** {@link #start(Path, String)} with a configuration that may name Prometheus' own port (to scrape itself). */
    public static PrometheusProcess start(Path dir, IntFunction<String> config) {
        Path file = dir.resolve("prometheus.yml");
        HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        return ExternalProcess.startOnFreePort(port -> {
            ExternalProcess.writeConfig(file, config.apply(port));
            ExternalProcess process = ExternalProcess.start("prometheus on port " + port, List.of("prometheus",
                    "--config.file=" + file.toAbsolutePath(),
                    "--storage.tsdb.path=" + dir.resolve("data").toAbsolutePath(),
                    "--web.listen-address=127.0.0.1:" + port), dir, dir.resolve("prometheus.log"));
            PrometheusProcess prometheus = new PrometheusProcess(port, process, http);
            return new ExternalProcess.Attempt<>(prometheus, process, prometheus::ready);
        });
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/api/v1/}: the base of the HTTP API. */
    public String api() {
        return "http://127.0.0.1:" + port + "/api/v1/";
    }

    /**
     * The body of a GET of {@code uri} (on this Prometheus). A failure to reach it is this fixture's failure, with
     * whether the process still runs and what it logged, never a bare {@code ConnectException}.
     */
    public String get(String uri) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed (" + e + "); prometheus "
                    + (process.isAlive() ? "is running" : "has exited") + ", its log: " + log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during GET " + uri, e);
        }
    }

    /** What Prometheus logged, for failure messages. */
    public String log() {
        return process.logText();
    }

    @Override
    public void close() {
        process.stopQuietly();
    }

    /** {@code /-/ready} answers 200: configuration loaded, TSDB open, queries served. */
    private boolean ready() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                    .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for prometheus on port " + port, e);
        }
    }
}
