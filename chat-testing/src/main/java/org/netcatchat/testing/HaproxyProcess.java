package org.netcatchat.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HAProxy in front of several chat servers, as an operator runs it: a TCP frontend on loopback that
 * hands each new connection to the next backend in turn ({@code balance roundrobin}). {@link #start} writes
 * {@code haproxy.cfg} into its directory, runs {@code haproxy -f haproxy.cfg -db} (in the foreground, so it
 * is our child and stops with a signal) and waits until it is ready. Not thread-safe.
 *
 * <p>Readiness is asked of a second frontend that refuses every connection, never of the chat frontend: a probe
 * there would take a turn of the round-robin at a moment nobody controls (the kernel completes the handshake
 * as soon as the port listens; HAProxy picks a backend for it later, possibly after the test's first client),
 * and the rotation a test then sees would be shifted.
 */
public final class HaproxyProcess implements AutoCloseable {
    private final int port;
    private final Path config;
    private final ExternalProcess process;

    private HaproxyProcess(int port, Path config, ExternalProcess process) {
        this.port = port;
        this.config = config;
        this.process = process;
    }

    /** The configuration the project ships, and docs/CLUSTER.md shows: {@code deploy/haproxy/haproxy.cfg}. */
    public static final Path SHIPPED = Path.of("deploy", "haproxy", "haproxy.cfg");
    private static final Pattern SHIPPED_BIND = Pattern.compile("(?m)^(\\s*bind 127\\.0\\.0\\.1:)8989$");
    /** A server line: its chat port, then {@code port N}, the metrics port its {@code /readyz} check goes to. */
    private static final Pattern SHIPPED_SERVER =
            Pattern.compile("(?m)^(\\s*server node\\d+ 127\\.0\\.0\\.1:)\\d+( port )\\d+(.*)$");

    /** Round-robin over the chat servers on these loopback ports; config and log in {@code dir}. */
    public static HaproxyProcess roundRobin(Path dir, List<Integer> backendPorts) {
        return start(dir, backendPorts, port -> config(port, backendPorts));
    }

    /**
     * The shipped configuration ({@link #SHIPPED}, found in this checkout) exactly, with only its ports replaced:
     * the frontend's with a free one, and its first {@code nodes.size()} server lines' with these nodes' chat
     * and metrics ports (the others are left out). Its servers get {@code send-proxy-v2}: start the nodes with
     * {@code --proxy-from 127.0.0.1}; and its checks ask each node's {@code /readyz}: start them with a metrics port.
     */
    public static HaproxyProcess shipped(Path dir, List<ServerProcess> nodes) {
        String text = shippedText();
        List<Backend> backends = nodes.stream().map(node -> new Backend(node.port(), node.metricsPort())).toList();
        return start(dir, backends.stream().map(Backend::chatPort).toList(), port -> withPorts(text, port, backends));
    }

    /** A node as the shipped configuration names it: the port clients are sent to, and the one it is checked on. */
    public record Backend(int chatPort, int checkPort) {
    }

    /** The shipped text with these ports; fails when it has no bind line of 127.0.0.1:8989 or too few servers. */
    public static String withPorts(String shipped, int frontendPort, List<Backend> backends) {
        Matcher bind = SHIPPED_BIND.matcher(shipped);
        if (!bind.find()) {
            throw new IllegalStateException("the shipped haproxy.cfg has no line 'bind 127.0.0.1:8989'");
        }
        String text = bind.replaceFirst("$1" + frontendPort);
        Matcher server = SHIPPED_SERVER.matcher(text);
        StringBuilder out = new StringBuilder();
        int index = 0;
        while (server.find()) {
            String line = "";
            if (index < backends.size()) {
                Backend backend = backends.get(index);
                line = server.group(1) + backend.chatPort() + server.group(2) + backend.checkPort() + server.group(3);
            }
            server.appendReplacement(out, Matcher.quoteReplacement(line));
            index++;
        }
        server.appendTail(out);
        if (index < backends.size()) {
            throw new IllegalStateException("the shipped haproxy.cfg has " + index + " server lines 'server nodeN"
                    + " 127.0.0.1:PORT port CHECKPORT', not " + backends.size());
        }
        return out.toString();
    }

    /** {@link #SHIPPED}, looked for from the working directory up (a module's directory, or the root). */
    public static String shippedText() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(SHIPPED);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException(SHIPPED + " not found above " + Path.of("").toAbsolutePath());
    }

    private static HaproxyProcess start(Path dir, List<Integer> backendPorts,
                                        java.util.function.IntFunction<String> configOnPort) {
        if (backendPorts.isEmpty()) {
            throw new IllegalArgumentException("at least one backend");
        }
        return ExternalProcess.startOnFreePort(port -> {
            int readyPort = FreePort.pick(); // taken meanwhile, it makes HAProxy exit too: both are picked again
            Path config = dir.resolve("haproxy.cfg");
            ExternalProcess.writeConfig(config, configOnPort.apply(port) + readinessFrontend(readyPort));
            ExternalProcess process = ExternalProcess.start("haproxy on port " + port,
                    List.of("haproxy", "-f", config.toAbsolutePath().toString(), "-db"), dir, dir.resolve("haproxy.log"));
            return new ExternalProcess.Attempt<>(new HaproxyProcess(port, config, process), process,
                    () -> refusedByHaproxy(readyPort));
        });
    }

    /**
     * The configuration: plain TCP (the chat is a byte stream, not HTTP), client and server timeouts of an hour
     * (a chat connection may be silent for long; TCP keepalive finds dead peers), round-robin.
     */
    public static String config(int frontendPort, List<Integer> backendPorts) {
        StringBuilder cfg = new StringBuilder("""
                global
                    maxconn 4096
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 1h
                    timeout server 1h
                frontend chat
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    balance roundrobin
                """.formatted(frontendPort));
        for (int i = 0; i < backendPorts.size(); i++) {
            cfg.append("    server node").append(i + 1).append(" 127.0.0.1:").append(backendPorts.get(i)).append('\n');
        }
        return cfg.toString();
    }

    /**
     * A frontend that closes every connection at once. HAProxy binds all its listeners before its event loop
     * runs, so a connection closed by it here means the chat frontend listens and is served.
     */
    private static String readinessFrontend(int readyPort) {
        return """
                frontend ready
                    bind 127.0.0.1:%d
                    tcp-request connection reject
                """.formatted(readyPort);
    }

    /**
     * Whether HAProxy's event loop answered on the readiness port: the connection is closed by the other side
     * (end of stream or a reset). A refused connect (not bound yet) or no answer within a second is not ready.
     */
    private static boolean refusedByHaproxy(int readyPort) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", readyPort), 1000);
            socket.setSoTimeout(1000);
            try {
                return socket.getInputStream().read() == -1;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // a reset: HAProxy closed it without a FIN
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** The frontend port: connect clients here. */
    public int port() {
        return port;
    }

    public Path config() {
        return config;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        return process.logText();
    }

    /** SIGTERM (HAProxy's hard stop: open connections are closed) and wait. @return its exit status (143 = 128 + SIGTERM) */
    public int stop() {
        process.signal("TERM");
        return process.awaitExit();
    }

    @Override
    public void close() {
        process.stopQuietly();
    }
}
