package org.netcatchat.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP server on the metrics port: the JDK's {@code com.sun.net.httpserver} with time limits, and one
 * virtual thread per exchange, so that a client that stalls cannot hold the endpoint for anyone else.
 *
 * <pre>
 *   GET /metrics   the registry in Prometheus' text format (OpenMetrics if the scraper asks), no _created series
 *   GET /healthz   200 "ok" while the process serves HTTP at all: alive (a liveness probe)
 *   GET /readyz    200 "ready" while the chat port accepts and the history can be written, else 503 and why
 *   anything else  404, naming the three paths
 * </pre>
 *
 * Our own handlers rather than simpleclient's {@code HTTPServer}: that one answers every path with the
 * metrics page (so {@code /healthz} said 200 for a server that could not take a message), cannot be given
 * both a bounded executor and extra paths, and writes the {@code _created} series of every counter, which
 * nobody here reads. simpleclient's {@link TextFormat} still writes the page.
 *
 * <p>Left to itself, simpleclient's {@code HTTPServer} serves every exchange on a single worker thread behind
 * an unbounded queue, and the JDK server waits for a request's headers for ever: one socket that sends
 * {@code GET /metrics HTTP/1.1\r\nHost: x\r\n} and stops made every scrape time out until it closed. Here
 * each exchange has its own virtual thread (a stalled one parks, costing a few hundred bytes), and the JDK
 * server cuts a connection that has not delivered its request headers within {@value #MAX_REQUEST_SECONDS}
 * s, one that has accepted nothing at all within the same time, and a response not taken within
 * {@value #MAX_RESPONSE_SECONDS} s; at most {@value #MAX_CONNECTIONS} connections are open at once, so a
 * flood of idle sockets cannot spend the file descriptors the chat needs.
 *
 * <p>The JDK reads these limits from system properties once, when its server classes load (the first
 * {@code HttpServer} in the JVM), so they are set here, in one place, before that. A value given on the
 * command line ({@code -Dsun.net.httpserver.maxReqTime=...}) is kept.
 */
final class MetricsEndpoint {
    /** A scraper sends its request in one packet; 5 s is generous on any real network. */
    static final int MAX_REQUEST_SECONDS = 5;
    /** The page is a few tens of KB; Prometheus' own scrape timeout is 10 s by default. */
    static final int MAX_RESPONSE_SECONDS = 10;
    /** Prometheus holds one keep-alive connection; the rest is room for people with curl. */
    static final int MAX_CONNECTIONS = 64;

    /**
     * How often the JDK looks for connections to cut that never sent a byte (its default, 10 s, would let
     * one live up to 15 s); the request and response limits are checked every second already.
     */
    static final int CLOCK_TICK_MILLIS = 1000;

    /**
     * The JDK's knobs and our values. {@code sun.net.httpserver.idleInterval} (keep-alive connections
     * between requests, 30 s) is left at its default: connections that never sent a byte are already cut
     * after maxReqTime, and idle keep-alive connections count against maxConnections.
     */
    static final Map<String, String> JDK_PROPERTIES = Map.of(
            "sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS),
            "sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS),
            "jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS),
            "sun.net.httpserver.clockTick", Integer.toString(CLOCK_TICK_MILLIS));

    private static final String NOT_FOUND = "not found; the paths are /metrics, /healthz and /readyz\n";

    static {
        JDK_PROPERTIES.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }

    private final HttpServer server;
    private final ExecutorService perExchange;

    private MetricsEndpoint(HttpServer server, ExecutorService perExchange) {
        this.server = server;
        this.perExchange = perExchange;
    }

    /**
     * Serves the paths above at this address until {@link #close}. {@code notReady} says why the server is
     * not ready (empty when it is); it is asked on every {@code /readyz} and must be cheap.
     */
    static MetricsEndpoint serve(InetSocketAddress address, CollectorRegistry registry,
                                 Supplier<Optional<String>> notReady) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService perExchange = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("metrics-http-", 1).factory());
        server.setExecutor(perExchange);
        server.createContext("/", exchange -> {
            try (exchange) {
                switch (exchange.getRequestURI().getPath()) {
                    case "/metrics" -> metrics(exchange, registry);
                    case "/healthz" -> text(exchange, 200, "ok\n");
                    case "/readyz" -> {
                        Optional<String> reason = notReady.get();
                        text(exchange, reason.isEmpty() ? 200 : 503, reason.map(r -> "not ready: " + r).orElse("ready") + "\n");
                    }
                    default -> text(exchange, 404, NOT_FOUND);
                }
            }
        });
        server.start();
        return new MetricsEndpoint(server, perExchange);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void close() {
        server.stop(0);
        perExchange.shutdown();
    }

    private static void metrics(HttpExchange exchange, CollectorRegistry registry) throws IOException {
        String contentType = TextFormat.chooseContentType(exchange.getRequestHeaders().getFirst("Accept"));
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        try (Writer writer = new OutputStreamWriter(exchange.getResponseBody(), StandardCharsets.UTF_8)) {
            TextFormat.writeFormat(contentType, writer,
                    registry.filteredMetricFamilySamples(name -> !name.endsWith("_created")));
        }
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
