package org.netcatchat.server.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.netcatchat.server.address.AddressKey;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP server on the metrics port: one request per connection, a virtual thread per connection, a deadline
 * for each connection, and limits per address, so that no client can starve the probes.
 *
 * <pre>
 *   GET /metrics   the registry in Prometheus' text format (OpenMetrics if the scraper asks), no _created series
 *   GET /healthz   200 "ok" while the process serves HTTP at all: alive (a liveness probe)
 *   GET /readyz    200 "ready" while the chat port accepts and the history can be written, else 503 and why
 *   anything else  404, naming the three paths (a method other than GET or HEAD: 405)
 * </pre>
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver} (what this was) nor prometheus-metrics 1.x's
 * {@code HTTPServer} (which is built on the same JDK server): that server has one global connection limit and
 * closes every connection past it at once, and cuts a connection that has not sent its request only after
 * {@code maxReqTime}; one client holding 64 idle sockets (reopening each as it was cut) made every
 * {@code /readyz} probe fail, and a load balancer took a healthy node out. It has no per-address limit and no
 * hook at accept to add one. Answering three fixed paths takes a request line and a few headers, so this reads
 * them itself:
 * <ul>
 *   <li>at most {@value #MAX_PER_ADDRESS} connections from one address and {@value #MAX_CONNECTIONS} in all;
 *       past either, the connection that has waited longest without sending its request is closed to make room
 *       ({@link OpenExchanges} says why that keeps probes answered);</li>
 *   <li>a connection whose request headers are not complete {@value #REQUEST_SECONDS} s after it was accepted is
 *       closed, however slowly it trickles bytes, and so is one whose answer is not taken within
 *       {@value #RESPONSE_SECONDS} s;</li>
 *   <li>one request per connection ({@code Connection: close}): no keep-alive connection to hold.</li>
 * </ul>
 */
final class MetricsEndpoint {
    /** A probe sends its request in one packet; 5 s is generous on any real network. */
    static final int REQUEST_SECONDS = 5;
    /** The page is a few tens of KB; Prometheus' own scrape timeout is 10 s by default. */
    static final int RESPONSE_SECONDS = 10;
    /** One address: a Prometheus, a load balancer's checks and someone with curl, with room to spare. */
    static final int MAX_PER_ADDRESS = 8;
    /** All addresses: bounds the file descriptors the port can take from the chat. */
    static final int MAX_CONNECTIONS = 128;

    private static final System.Logger LOG = System.getLogger(MetricsEndpoint.class.getName());
    /** Pause after a failed accept, as the chat's listener does. */
    private static final Duration ACCEPT_BACKOFF = Duration.ofMillis(100);
    private static final String NOT_FOUND = "not found; the paths are /metrics, /healthz and /readyz\n";

    private final ServerSocket listening;
    private final CollectorRegistry registry;
    private final Supplier<Optional<String>> notReady;
    private final OpenExchanges<Socket> open = new OpenExchanges<>(MAX_CONNECTIONS, MAX_PER_ADDRESS);
    private final ExecutorService perConnection = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("metrics-http-", 1).factory());
    /** Closes a connection at its deadline; one platform thread that only ever calls {@code Socket.close}. */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("metrics-deadlines").factory());

    private MetricsEndpoint(ServerSocket listening, CollectorRegistry registry, Supplier<Optional<String>> notReady) {
        this.listening = listening;
        this.registry = registry;
        this.notReady = notReady;
        deadlines.setRemoveOnCancelPolicy(true); // a connection answered in time leaves nothing behind
    }

    /**
     * Serves the paths above at this address until {@link #close}. {@code notReady} says why the server is
     * not ready (empty when it is); it is asked on every {@code /readyz} and must be cheap.
     */
    static MetricsEndpoint serve(InetSocketAddress address, CollectorRegistry registry,
                                 Supplier<Optional<String>> notReady) throws IOException {
        ServerSocket listening = new ServerSocket();
        try {
            listening.bind(address, MAX_CONNECTIONS);
        } catch (IOException e) {
            listening.close();
            throw e;
        }
        MetricsEndpoint endpoint = new MetricsEndpoint(listening, registry, notReady);
        Thread.ofVirtual().name("metrics-accept").start(endpoint::acceptUntilClosed);
        return endpoint;
    }

    int port() {
        return listening.getLocalPort();
    }

    void close() {
        try {
            listening.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the metrics port: {0}", e.toString());
        }
        perConnection.shutdownNow();
        deadlines.shutdownNow();
    }

    private void acceptUntilClosed() {
        while (!listening.isClosed()) {
            Socket socket;
            try {
                socket = listening.accept();
            } catch (IOException e) {
                if (!listening.isClosed()) {
                    LOG.log(System.Logger.Level.WARNING, "metrics port: accept failed: {0}", e.toString());
                    pause(); // out of file descriptors, say: do not spin on it
                }
                continue;
            }
            switch (open.admit(socket, AddressKey.of(socket.getInetAddress()))) {
                case OpenExchanges.Admission.Kept<Socket>(Optional<Socket> evicted) -> {
                    evicted.ifPresent(MetricsEndpoint::closeQuietly);
                    try {
                        perConnection.execute(() -> serve(socket));
                    } catch (RuntimeException stopping) {
                        open.closed(socket);
                        closeQuietly(socket);
                    }
                }
                case OpenExchanges.Admission.TurnedAway<Socket>() -> closeQuietly(socket);
            }
        }
    }

    /** On the connection's thread: one request, one answer, then close. */
    private void serve(Socket socket) {
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(socket), REQUEST_SECONDS, TimeUnit.SECONDS);
        try (socket) {
            RequestHead request;
            try {
                request = RequestHead.read(new BufferedInputStream(socket.getInputStream()));
            } catch (RequestHead.Malformed e) {
                open.requestRead(socket);
                respond(socket, "GET", e.status, "text/plain; charset=utf-8", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            open.requestRead(socket);
            deadline.cancel(false);
            deadline = deadlines.schedule(() -> closeQuietly(socket), RESPONSE_SECONDS, TimeUnit.SECONDS);
            answer(socket, request);
        } catch (IOException e) {
            // Cut at its deadline, evicted, or gone: nothing to tell anyone.
            LOG.log(System.Logger.Level.DEBUG, "metrics port: connection ended: {0}", e.toString());
        } finally {
            deadline.cancel(false);
            open.closed(socket);
        }
    }

    private void answer(Socket socket, RequestHead request) throws IOException {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            respond(socket, request.method(), 405, "text/plain; charset=utf-8", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        switch (request.path()) {
            case "/metrics" -> {
                String contentType = TextFormat.chooseContentType(request.accept().orElse(null));
                respond(socket, request.method(), 200, contentType, page(contentType));
            }
            case "/healthz" -> text(socket, request, 200, "ok\n");
            case "/readyz" -> {
                Optional<String> reason = notReady.get();
                text(socket, request, reason.isEmpty() ? 200 : 503, reason.map(r -> "not ready: " + r).orElse("ready") + "\n");
            }
            default -> text(socket, request, 404, NOT_FOUND);
        }
    }

    private byte[] page(String contentType) throws IOException {
        ByteArrayOutputStream page = new ByteArrayOutputStream(64 * 1024);
        try (Writer writer = new OutputStreamWriter(page, StandardCharsets.UTF_8)) {
            TextFormat.writeFormat(contentType, writer,
                    registry.filteredMetricFamilySamples(name -> !name.endsWith("_created")));
        }
        return page.toByteArray();
    }

    private static void text(Socket socket, RequestHead request, int status, String body) throws IOException {
        respond(socket, request.method(), status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(Socket socket, String method, int status, String contentType, byte[] body) throws IOException {
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("HEAD")) {
            out.write(body);
        }
        out.flush();
        socket.shutdownOutput(); // a clean end after the answer, even with unread bytes of the request left
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_BACKOFF);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "metrics port: closing a connection: {0}", e.toString());
        }
    }
}
