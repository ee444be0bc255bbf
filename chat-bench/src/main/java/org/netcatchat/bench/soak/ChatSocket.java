package org.netcatchat.bench.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One blocking connection to the chat server, as a well-behaved client sees it: a virtual thread reads
 * everything and sorts it into pushed lines (start with {@code [}) and replies (ended by {@code 0x00}, after
 * an optional {@code ERR} line); greeting lines are dropped. The owner writes frames from its own thread.
 *
 * <p>Thread-safety: {@link #pushed()} and {@link #nextReply} may be called from any thread; writes come from
 * one thread (the actor's).
 */
final class ChatSocket implements AutoCloseable {
    /** A complete reply: empty for a plain {@code 0x00}, else its lines ({@code ERR ...}, or {@code hist} lines). */
    record Reply(List<String> lines) {
        boolean ok() {
            return lines.isEmpty();
        }

        boolean isError(String prefix) {
            return !lines.isEmpty() && lines.getFirst().startsWith(prefix);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final boolean keepPushed;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    /** Guarded by itself. */
    private final List<String> pushed = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    private ChatSocket(Socket socket, boolean keepPushed) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.keepPushed = keepPushed;
    }

    /** Connects from {@code source} (a 127.0.0.x address, so per-address limits see many hosts) and starts reading. */
    static ChatSocket open(InetAddress source, InetSocketAddress server, boolean keepPushed, String threadName)
            throws IOException {
        Socket socket = connect(source, server, 0);
        ChatSocket chat = new ChatSocket(socket, keepPushed);
        Thread.ofVirtual().name(threadName).start(chat::readAll);
        return chat;
    }

    /** A socket nobody reads: for stalled readers and raw faults. {@code receiveBuffer} 0 keeps the default. */
    static Socket connect(InetAddress source, InetSocketAddress server, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(server, 10_000);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    void send(String frame) throws IOException {
        sendRaw((frame + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next reply, or empty when the connection ended or the deadline passed first. */
    Optional<Reply> nextReply(Duration deadline) throws InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        while (true) {
            Reply reply = replies.poll(20, TimeUnit.MILLISECONDS);
            if (reply != null) {
                return Optional.of(reply);
            }
            if ((ended.getCount() == 0 && replies.isEmpty()) || System.nanoTime() - until > 0) {
                return Optional.ofNullable(replies.poll());
            }
        }
    }

    /** Sends one frame and waits for its reply. */
    Optional<Reply> request(String frame, Duration deadline) throws IOException, InterruptedException {
        send(frame);
        return nextReply(deadline);
    }

    /** Waits until the server has closed the connection (after {@code quit}); false if the deadline passed. */
    boolean awaitEnd(Duration deadline) throws InterruptedException {
        return ended.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isEnded() {
        return ended.getCount() == 0;
    }

    List<String> pushed() {
        synchronized (pushed) {
            return List.copyOf(pushed);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }

    private void readAll() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> replyLines = new ArrayList<>();
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == 0) {
                        replies.add(new Reply(List.copyOf(replyLines)));
                        replyLines.clear();
                    } else if (b == '\n') {
                        String text = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        if (text.startsWith("[")) {
                            // a pushed line (this client never sends hist, whose reply lines look the same)
                            if (keepPushed) {
                                synchronized (pushed) {
                                    pushed.add(text);
                                }
                            }
                        } else if (text.startsWith("ERR ")) {
                            replyLines.add(text);
                        }
                    } else {
                        line.write(b);
                    }
                }
            }
        } catch (IOException e) {
            // the connection ended: reset, closed by us, or cut by the server
        } finally {
            ended.countDown();
        }
    }
}
