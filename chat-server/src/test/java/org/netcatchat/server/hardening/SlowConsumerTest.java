package org.netcatchat.server.hardening;

import org.netcatchat.server.MeteredServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow consumer: a client that stops reading is disconnected once its queue passes {@code --max-queue-bytes},
 * with a notice to the others, who are never made to wait for it and lose nothing.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // socket writes have no deadline of their own
class SlowConsumerTest {
    private static final String DROPPED = "] slow was disconnected: too slow to keep up...";
    /** A message of about 4 KB, near the line limit: the queue and the socket buffers fill in a few hundred. */
    private static final String FILLER = "x".repeat(4000);
    /** Far more messages than the slow client's buffers and queue can take: a server that never drops it fails. */
    private static final int AT_MOST = 20_000;

    @TempDir
    Path dir;

    @Test
    void aClientThatStopsReadingIsDroppedWhileTheOthersKeepTheirPace() throws IOException {
        // The default queue of 1 MiB: a reader that is merely descheduled for a moment on a busy 2-core machine
        // must not be mistaken for a slow one (64 KiB is 16 of these messages, a few milliseconds of flood).
        // --fsync never: the round trips below would otherwise include the disk's slowest fsync, which is not
        // what this test is about (durability has its own tests).
        try (MeteredServer server = MeteredServer.start(dir, "--rate-limit", "0", "--fsync", "never");
             WireClient listener = server.joined("listener");
             WireClient fast = server.joined("fast");
             Socket slow = slowReader(server.port())) {
            slow.getOutputStream().write("name slow\n".getBytes(StandardCharsets.UTF_8));
            listener.awaitLineContaining("] slow has joined our chat...");
            fast.awaitLineContaining("] slow has joined our chat...");

            List<Long> roundTrips = new ArrayList<>();
            int sent = 0;
            int droppedAfter = -1;
            while (droppedAfter < 0 || sent < droppedAfter + 100) { // on until the drop, then 100 more
                assertThat(sent).as("messages sent without slow being dropped").isLessThan(AT_MOST);
                long started = System.nanoTime();
                fast.send("text " + sent + " " + FILLER);
                List<String> reply = fast.nextReply(); // its own message, maybe the notice, then the ACK
                roundTrips.add(System.nanoTime() - started);
                assertThat(reply).first().asString().endsWith("[fast]:" + sent + " " + FILLER);
                if (reply.size() > 1) {
                    assertThat(reply).as("the notice comes once").hasSize(2).last().asString().endsWith(DROPPED);
                    assertThat(droppedAfter).isNegative();
                    droppedAfter = sent;
                }
                sent++;
            }

            for (int i = 0; i < sent; i++) { // the listener lost nothing, and saw the notice where fast did
                assertThat(listener.nextLine()).endsWith("[fast]:" + i + " " + FILLER);
                if (i == droppedAfter) {
                    assertThat(listener.nextLine()).endsWith(DROPPED);
                }
            }
            listener.assertExhausted();
            server.awaitMetric("netcat_slow_client_disconnects_total", 1);
            server.awaitMetric("netcat_active_connections", 2);
            server.awaitMetric("netcat_joined_clients", 2);
            long received = readUntilClosed(slow);
            assertThat(received).as("bytes slow got before it was closed").isLessThan((long) sent * FILLER.length());

            Collections.sort(roundTrips);
            Duration median = Duration.ofNanos(roundTrips.get(roundTrips.size() / 2));
            Duration worst = Duration.ofNanos(roundTrips.getLast());
            System.out.printf("slow consumer: dropped after %d messages of ~4 KB; fast round trip median %s, worst %s%n",
                    droppedAfter + 1, median, worst);
            // Not a benchmark: only a bound no server that waited for the slow socket could meet.
            assertThat(worst).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aClientThatAsksForMoreThanItReadsIsDroppedAndCountedTheSameWay() throws IOException {
        try (MeteredServer server = MeteredServer.start(dir, "--rate-limit", "0", "--max-queue-bytes", "8k",
                "--max-line-bytes", "1024"); // the smallest queue allowed for 1 KiB lines is 6 KiB
             WireClient listener = server.joined("listener");
             Socket slow = slowReader(server.port())) {
            slow.getOutputStream().write("name slow\n".getBytes(StandardCharsets.UTF_8));
            listener.awaitLineContaining("] slow has joined our chat...");

            try { // each hist is answered with the history and an ACK, and slow reads none of it
                slow.getOutputStream().write("hist\n".repeat(AT_MOST).getBytes(StandardCharsets.UTF_8));
            } catch (IOException expected) {
                // dropped while still sending
            }

            assertThat(listener.nextLine()).endsWith(DROPPED);
            server.awaitMetric("netcat_slow_client_disconnects_total", 1);
            server.awaitMetric("netcat_active_connections", 1);
            readUntilClosed(slow);
            listener.assertExhausted();
        }
    }

    /** A client with a receive buffer so small that the server's writes back up at once; it never reads. */
    private static Socket slowReader(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024); // before connect, so the window it advertises stays small
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WireClient.DEADLINE.toMillis());
        return socket;
    }

    /** Reads what the server sent before it closed the socket; fails if it never closes it. */
    private static long readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout((int) WireClient.DEADLINE.toMillis()); // a timeout fails the test
        socket.setReceiveBufferSize(256 * 1024); // reads what is left in larger windows than it joined with
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            int count;
            while ((count = in.read(buffer)) >= 0) {
                total += count;
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server did not close the slow client's socket", e);
        } catch (IOException reset) {
            // closed by a reset rather than a FIN: closed all the same
        }
        return total;
    }
}
