package org.netcatchat.bench.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.netcatchat.testing.FreePort;
import org.netcatchat.testing.ServerProcess;

/**
 * The one server process the soak runs against: started from the jar by the soak (a {@link ServerProcess} on
 * loopback port 0 and a free metrics port, both read back from its log, with a fresh history file and its log in
 * a file), or an already
 * running one it is pointed at. Reads its {@code /metrics}, its file descriptors and threads from {@code /proc},
 * its history and its log.
 */
final class ServerUnderTest implements AutoCloseable {
    private final InetSocketAddress chat;
    private final InetSocketAddress metrics;
    private final long pid;
    private final Path history;
    private final Optional<Path> log;
    private final Optional<ServerProcess> process;

    private ServerUnderTest(InetSocketAddress chat, InetSocketAddress metrics, long pid, Path history,
                            Optional<Path> log, Optional<ServerProcess> process) {
        this.chat = chat;
        this.metrics = metrics;
        this.pid = pid;
        this.history = history;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code java --enable-preview -jar jar} on loopback port 0 in {@code dir} and waits until it listens;
     * the soak's own arguments come first, {@code extraArgs} after them (a later option wins, so they can override).
     * The metrics port is a {@link FreePort}: the server reads metrics port 0 as "metrics off".
     */
    static ServerUnderTest start(Path jar, Path dir, List<String> extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("--metrics-port", Integer.toString(FreePort.pick()),
                "--metrics-bind", "127.0.0.1", "--max-connections", "2000"));
        args.addAll(extraArgs);
        Path log = dir.resolve("server.log");
        ServerProcess process;
        try {
            process = ServerProcess.start(jar, dir, args, Optional.of(log));
        } catch (AssertionError notStarted) {
            throw new IOException("the server did not start; see " + log, notStarted);
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        return new ServerUnderTest(new InetSocketAddress(loopback, process.port()),
                new InetSocketAddress(loopback, process.metricsPort()), process.pid(), process.historyFile(),
                Optional.of(log), Optional.of(process));
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

    /**
     * Stops a server the soak started (SIGTERM, its graceful stop) and returns its exit status: -1 when it did
     * not exit within {@link ServerProcess#DEADLINE} and was killed.
     */
    OptionalLong stop() {
        if (process.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(process.get().stop());
        } catch (AssertionError notStopped) {
            return OptionalLong.of(-1); // ServerProcess killed it; the soak reports the status as a violation
        }
    }

    @Override
    public void close() {
        process.ifPresent(ServerProcess::close);
    }
}
