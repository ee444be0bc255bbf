package org.netcatchat.server;

import org.netcatchat.testing.WireClient;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A real server in this JVM on a free loopback port, with its history in a test's temporary folder.
 * Options are given as on the command line, so tests read like the README: {@code start(dir, "--rate-limit", "0")}.
 */
public final class TestServer implements AutoCloseable {
    private final ChatServer server;
    private final Path historyFile;

    private TestServer(ChatServer server, Path historyFile) {
        this.server = server;
        this.historyFile = historyFile;
    }

    /** Port 0, metrics off, history in {@code dir}; {@code args} add to or override those. */
    public static TestServer start(Path dir, String... args) {
        return start(dir, Clock.systemDefaultZone(), args);
    }

    public static TestServer start(Path dir, Clock clock, String... args) {
        List<String> all = new ArrayList<>(List.of("0", "--bind", "127.0.0.1", "--metrics-port", "0",
                "--history-file", dir.resolve("history.txt").toString()));
        all.addAll(List.of(args));
        ServerOptions options = parse(all.toArray(String[]::new));
        try {
            return new TestServer(ChatServer.start(options, clock), options.historyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a command line exactly as {@link Main} does. */
    public static ServerOptions parse(String... args) {
        CommandLine commandLine = Arguments.commandLine();
        commandLine.parseArgs(args);
        return ((Arguments) commandLine.getCommand()).toOptions();
    }

    public int port() {
        return server.port();
    }

    public ChatServer server() {
        return server;
    }

    public Path historyFile() {
        return historyFile;
    }

    public List<String> historyLines() {
        try {
            return Files.readAllLines(historyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WireClient connect() {
        return WireClient.connect(port());
    }

    /** Connects and waits for the greeting: the connection has been admitted. */
    public WireClient connectAdmitted() {
        WireClient client = connect();
        client.awaitGreeting();
        return client;
    }

    @Override
    public void close() {
        server.close();
    }
}
