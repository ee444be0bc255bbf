package org.netcatchat.server;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The real broadcast path, end to end: one {@code text} frame written to a real server's socket, read by the
 * sender's connection thread, parsed, appended to the history file (group commit by default), queued to every
 * member's outbox, written by the senders that starts, and read back from every member's socket. One operation
 * is one broadcast to {@code members} clients, the sender's ACK included; nothing is pipelined, so the score is
 * the latency of a broadcast on an otherwise idle server, and score / members the cost per delivery of it.
 *
 * <p>The clients are non-blocking sockets read by one platform thread of this JVM that only counts bytes
 * (every delivery ends with LF, the ACK is one 0x00 byte), so the client side costs as little as it can.
 * Run with {@code chat-server/run-jmh.sh DeliveryBenchmark}; not part of the test suite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class DeliveryBenchmark {
    private static final byte[] READY = "<ready>\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TEXT = "text ~bench.3.1234.567890123456789.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
            .getBytes(StandardCharsets.US_ASCII);

    @Param({"10", "100", "1000"})
    int members;

    /** The server's {@code --fsync}: {@code batch} is its default. */
    @Param({"batch"})
    String fsync;

    private Path dir;
    private TestServer server;
    private final List<SocketChannel> clients = new ArrayList<>();
    private Counter counter;
    private Thread reader;
    private long expected;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("delivery-bench");
        server = TestServer.start(dir, "--fsync", fsync, "--rate-limit", "0", "--max-connections",
                String.valueOf(members + 10), "--max-connections-per-ip", "0", "--connection-rate", "0",
                "--name-rate", "0", "--max-queue-bytes", "67108864", "--login-timeout", "0");
        counter = new Counter(members);
        for (int i = 0; i < members; i++) {
            SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
            client.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            writeFully(client, ("name m" + i + "\n").getBytes(StandardCharsets.US_ASCII));
            awaitAck(client); // one join at a time: every join notice is queued before the set-up's last line
            client.configureBlocking(false);
            clients.add(client);
        }
        reader = Thread.ofPlatform().name("delivery-bench-reader").daemon().start(this::readAll);
        // Every client has joined and read everything before it once it has seen this line, pushed after all joins.
        writeFully(clients.getFirst(), ("text <ready>\n").getBytes(StandardCharsets.US_ASCII));
        counter.awaitReady();
        expected = counter.delivered();
    }

    @Benchmark
    public long broadcastOneMessage() throws IOException {
        expected += members + 1; // one line to each member, and one ACK to the sender
        counter.waitFor(expected);
        writeFully(clients.getFirst(), TEXT);
        counter.await();
        return expected;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        for (SocketChannel client : clients) {
            client.close();
        }
        reader.interrupt();
        reader.join();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void writeFully(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                Thread.onSpinWait(); // a non-blocking socket whose send buffer is full: only under a backlog
            }
        }
    }

    /** Reads a blocking socket byte by byte up to its first 0x00 (the greeting has none): the join's ACK. */
    private static void awaitAck(SocketChannel channel) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        do {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("the server closed a client before its join was acknowledged");
            }
        } while (one.get(0) != 0);
    }

    /** The client side: one selector over every client socket, counting what arrives. */
    private void readAll() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).register(selector, SelectionKey.OP_READ, i);
            }
            while (!Thread.currentThread().isInterrupted()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    int client = (Integer) key.attachment();
                    buffer.clear();
                    int count = channel.read(buffer);
                    if (count < 0) {
                        key.cancel();
                        continue;
                    }
                    buffer.flip();
                    counter.take(client, buffer);
                }
                selector.selectedKeys().clear();
                counter.publish();
            }
        } catch (IOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Bytes that end a delivery or an ACK, and the set-up's marker line, per client; read by one thread. */
    private static final class Counter {
        private final int[] readyMatched;
        private int ready;
        /** ACKs the first client (the sender) got after joining: the set-up's last line has one. */
        private int firstAcks;
        private long deliveredSoFar;
        private volatile long delivered;
        private volatile boolean allReady;
        private volatile long target = Long.MAX_VALUE;
        private volatile Thread waiter;

        Counter(int clients) {
            readyMatched = new int[clients];
        }

        void take(int client, ByteBuffer bytes) {
            while (bytes.hasRemaining()) {
                byte b = bytes.get();
                if (b == '\n' || b == 0) {
                    deliveredSoFar++;
                }
                if (b == 0 && client == 0) {
                    firstAcks++;
                }
                if (allReady) {
                    continue;
                }
                int matched = readyMatched[client];
                if (matched < READY.length) {
                    matched = b == READY[matched] ? matched + 1 : (b == READY[0] ? 1 : 0);
                    readyMatched[client] = matched;
                    if (matched == READY.length) {
                        ready++;
                    }
                }
            }
        }

        void publish() {
            delivered = deliveredSoFar;
            if (!allReady && ready == readyMatched.length && firstAcks > 0) {
                allReady = true;
                wake();
            }
            if (deliveredSoFar >= target) {
                wake();
            }
        }

        private void wake() {
            Thread thread = waiter;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }

        long delivered() {
            return delivered;
        }

        void awaitReady() {
            waiter = Thread.currentThread();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!allReady) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the clients did not all see the set-up's last line");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }

        void waitFor(long count) {
            waiter = Thread.currentThread();
            target = count;
        }

        void await() {
            while (delivered < target) {
                LockSupport.park(this);
            }
        }
    }
}
