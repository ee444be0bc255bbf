package org.netcatchat.testing;

import org.netcatchat.protocol.ServerStream;
import org.netcatchat.protocol.TimeZoneLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw protocol client for tests: writes bytes as given, and records what the server sends as events
 * (lines and reply ends) on a queue that tests poll with a deadline. Nothing here sleeps. A broken expectation
 * is an {@link AssertionError}, as a test framework's would be: this class needs none, so it can ship in the
 * bench jar too.
 */
public final class WireClient implements AutoCloseable {
    /** Generous: a deadline that only a broken server reaches, even on a loaded 2-core CI machine. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Object CLOSED = new Object();

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        this.reader = Thread.ofVirtual().name("wire-client-" + socket.getLocalPort()).start(() -> record(in));
    }

    public static WireClient connect(int port) {
        return connectFrom("127.0.0.1", port);
    }

    /**
     * Connects from another local address: the whole of 127/8 is loopback on Linux, so {@code 127.0.0.2} is a
     * second client address for the server's limits per address.
     */
    public static WireClient connectFrom(String localAddress, int port) {
        try {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) DEADLINE.toMillis());
            return new WireClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records what arrives on a socket that is already connected: a TLS socket, say. */
    public static WireClient over(Socket socket) {
        try {
            return new WireClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code line} and an LF. */
    public WireClient send(String line) {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public WireClient sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the greeting lines (up to the line that explains quit). */
    public List<String> awaitGreeting() {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = nextLine();
            lines.add(line);
        } while (TimeZoneLine.parse(line).isEmpty()); // the greeting's last line names the zone of its times
        if (!lines.getFirst().startsWith("Welcome to netcat-chat")) {
            throw new AssertionError("expected a greeting starting with \"Welcome to netcat-chat\" but got " + lines);
        }
        return lines;
    }

    /** Sends {@code name<name>} and expects the ACK; replayed history stays queued for {@link #nextLine}. */
    public WireClient join(String name) {
        send("name " + name);
        List<String> reply = nextReply();
        if (!reply.isEmpty()) {
            throw new AssertionError("expected a bare ACK as the reply to name " + name + " but got " + reply);
        }
        return this;
    }

    /** Sends a command and returns the lines of its reply (empty for a bare ACK). */
    public List<String> request(String line) {
        send(line);
        return nextReply();
    }

    /**
     * Sends a command and returns its answer as one string: the reply's lines other than pushed ones (which begin
     * with "[": another member's notice on the way), joined by LF, or "ACK" when there are none.
     */
    public String answer(String line) {
        List<String> lines = request(line).stream().filter(each -> !each.startsWith("[")).toList();
        return lines.isEmpty() ? "ACK" : String.join("\n", lines);
    }

    /** The lines up to the next reply end. Pushed lines that arrive first are part of it: use on a quiet room. */
    public List<String> nextReply() {
        List<String> lines = new ArrayList<>();
        while (true) {
            Object event = next();
            if (event instanceof ServerStream.EndOfReply) {
                return lines;
            }
            if (event == CLOSED) {
                throw new AssertionError("the server closed the connection before the reply ended; lines so far: " + lines);
            }
            lines.add(((ServerStream.Line) event).text());
        }
    }

    /** The next line; fails on a reply end or a closed connection. */
    public String nextLine() {
        Object event = next();
        if (event instanceof ServerStream.Line line) {
            return line.text();
        }
        throw new AssertionError("expected a line but got " + describe(event));
    }

    /** Skips lines and reply ends until a line contains {@code text}; returns it. */
    public String awaitLineContaining(String text) {
        while (true) {
            Object event = next();
            if (event == CLOSED) {
                throw new AssertionError("connection closed while waiting for a line containing " + text);
            }
            if (event instanceof ServerStream.Line line && line.text().contains(text)) {
                return line.text();
            }
        }
    }

    /** Expects the server to close the connection; returns the lines it sent before. */
    public List<String> awaitClosed() {
        List<String> lines = new ArrayList<>();
        while (true) {
            Object event = next();
            if (event == CLOSED) {
                return lines;
            }
            if (event instanceof ServerStream.Line line) {
                lines.add(line.text());
            }
        }
    }

    /** Nothing has arrived that a test has not taken. */
    public void assertExhausted() {
        if (!events.isEmpty()) {
            throw new AssertionError("unread events from the server: " + events.stream().map(WireClient::describe).toList());
        }
    }

    /** Whether the server has sent anything not yet taken; a check, not a wait. */
    public boolean hasPending() {
        return !events.isEmpty();
    }

    /** The next event, or a failure at the deadline. */
    public Object next() {
        try {
            Object event = events.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("nothing from the server within " + DEADLINE);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the server", e);
        }
    }

    /** Closes abruptly with a TCP reset rather than a FIN. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
            reader.join(DEADLINE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The one thing tests may compare a server's "closed" event with. */
    public static Object closedEvent() {
        return CLOSED;
    }

    private static String describe(Object event) {
        return event == CLOSED ? "the connection closed" : event.toString();
    }

    private void record(InputStream in) {
        ServerStream stream = new ServerStream();
        byte[] buffer = new byte[8192];
        try {
            int count;
            while ((count = in.read(buffer)) >= 0) {
                stream.feed(buffer, 0, count, events::add);
            }
        } catch (IOException e) {
            // a reset or our own close: either way the stream has ended
        } finally {
            events.add(CLOSED);
        }
    }
}
