package org.netcatchat.bench.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one server process the soak runs against: started from the jar by the soak (on free loopback ports,
 * with a fresh history file and its log captured), or an already running one it is pointed at. Reads its
 * {@code /metrics}, its file descriptors and threads from {@code /proc}, its history and its log.
 */
final class ServerUnderTest implements AutoCloseable {
    private final InetSocketAddress chat;
    private final InetSocketAddress metrics;
    private final long pid;
    private final Path history;
    private final Optional<Path> log;
    private final Optional<Process> process;

    private ServerUnderTest(InetSocketAddress chat, InetSocketAddress metrics, long pid, Path history,
                            Optional<Path> log, Optional<Process> process) {
        this.chat = chat;
        this.metrics = metrics;
        this.pid = pid;
        this.history = history;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code java --enable-preview -jar jar} on free loopback ports in {@code dir}; the soak's own
     * arguments come first, {@code extraArgs} after them (a later option wins, so they can override).
     */
    static ServerUnderTest start(Path jar, Path dir, List<String> extraArgs, Duration deadline) throws IOException {
        int port = freePort();
        int metricsPort = freePort();
        Path history = dir.resolve("history.txt");
        Path log = dir.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-preview",
                "-jar", jar.toAbsolutePath().toString(), Integer.toString(port), "--bind", "127.0.0.1",
                "--metrics-port", Integer.toString(metricsPort), "--metrics-bind", "127.0.0.1",
                "--history-file", history.toString(), "--max-connections", "2000"));
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ServerUnderTest server = new ServerUnderTest(new InetSocketAddress(loopback, port),
                new InetSocketAddress(loopback, metricsPort), process.pid(), history, Optional.of(log),
                Optional.of(process));
        long until = System.nanoTime() + deadline.toNanos();
        while (!server.scrape().isPresent()) {
            if (!process.isAlive() || System.nanoTime() - until > 0) {
                process.destroyForcibly();
                throw new IOException("the server did not start; see " + log + ":\n" + Files.readString(log));
            }
            try {
                Thread.sleep(50); // polling a process that is starting: there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the server started", e);
            }
        }
        return server;
    }

    /** A server somebody else started: its log is theirs to read, so only the other invariants are checked. */
    static ServerUnderTest attach(InetSocketAddress chat, InetSocketAddress metrics, long pid, Path history,
                                  Optional<Path> log) {
        return new ServerUnderTest(chat, metrics, pid, history, log, Optional.empty());
    }

    InetSocketAddress chat() {
        return chat;
    }

    InetSocketAddress metrics() {
        return metrics;
    }

    long pid() {
        return pid;
    }

    Path history() {
        return history;
    }

    Optional<Path> log() {
        return log;
    }

    /**
     * Every sample on {@code /metrics}, fetched on a fresh connection that the server closes afterwards
     * ({@code Connection: close}), so the scrape itself leaves no descriptor open. Empty if it fails.
     */
    Optional<Map<String, Double>> scrape() {
        try (Socket socket = new Socket()) {
            socket.connect(metrics, 2_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /metrics HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 200")) {
                return Optional.empty();
            }
            Map<String, Double> samples = new HashMap<>();
            for (String line : response.substring(response.indexOf("\r\n\r\n") + 4).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                try {
                    samples.put(line.substring(0, space).replace(",}", "}"),
                            Double.parseDouble(line.substring(space + 1)));
                } catch (RuntimeException notASample) {
                    // chunked transfer framing (sizes) is not a sample: skip it
                }
            }
            return Optional.of(samples);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    OptionalLong fileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return OptionalLong.of(fds.count());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    OptionalLong threads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return OptionalLong.of(Long.parseLong(line.substring("Threads:".length()).trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: not measurable
        }
        return OptionalLong.empty();
    }

    List<String> historyLines() throws IOException {
        return Files.readAllLines(history, StandardCharsets.UTF_8);
    }

    /** Stops a server the soak started (SIGTERM, its graceful stop) and returns its exit status. */
    OptionalLong stop(Duration deadline) throws InterruptedException {
        if (process.isEmpty()) {
            return OptionalLong.empty();
        }
        Process p = process.get();
        p.destroy();
        if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return OptionalLong.of(-1);
        }
        return OptionalLong.of(p.exitValue());
    }

    @Override
    public void close() {
        process.ifPresent(p -> {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
