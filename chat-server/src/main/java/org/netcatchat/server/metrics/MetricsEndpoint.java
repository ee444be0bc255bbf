package org.netcatchat.server.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP server behind {@code /metrics}: the JDK's {@code com.sun.net.httpserver} with time limits, and one
 * virtual thread per exchange, so that a client that stalls cannot hold the endpoint for anyone else.
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

    static {
        JDK_PROPERTIES.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }

    private MetricsEndpoint() {
    }

    /**
     * Serves the registry on {@code /metrics} (and simpleclient's other paths) at this address, until the
     * result is closed. simpleclient creates the JDK server itself (it refuses a server and an executor
     * together); this class's initialiser has set the limits by then.
     */
    static HTTPServer serve(InetSocketAddress address, CollectorRegistry registry) throws IOException {
        ExecutorService perExchange = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("metrics-http-", 1).factory());
        try {
            return new HTTPServer.Builder().withInetSocketAddress(address).withExecutorService(perExchange)
                    .withRegistry(registry).build();
        } catch (IOException | RuntimeException e) {
            perExchange.shutdown();
            throw e;
        }
    }
}
