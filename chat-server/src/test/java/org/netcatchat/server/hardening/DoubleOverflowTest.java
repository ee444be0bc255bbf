package org.netcatchat.server.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.testing.WireClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, defect 1: one line that overflows two members' queues at once must drop both, tell the others,
 * and leave everyone else connected, whichever of the three broadcasting paths sends it: a message, a join
 * notice or a leave notice. Two members that never read are parked in a {@code hist} of a large history,
 * so their queues fill only with what the test broadcasts, to the byte.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // socket writes have no deadline of their own
class DoubleOverflowTest {
    private static final int QUEUE = 64 * 1024;
    /** Bytes left free in each parked member's queue: less than any pushed line. */
    private static final int LEFT = 10;
    /** "[yyyy-MM-dd HH:mm:ss]": every pushed line starts with exactly this many bytes. */
    private static final int STAMP = 21;
    private static final String SEED = "[2026-01-01 00:00:00][seed]:";
    /** Far more than the kernel buffers on both sides of a loopback socket: a hist of it parks the writer. */
    private static final int HISTORY_BYTES = 16 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void theSenderOfAMessageThatOverflowsTwoMembersGetsItsAckAndStays() throws IOException {
        try (Room room = almostFullRoom()) {
            List<String> reply = room.d.request("text hello");

            assertThat(reply).hasSize(3);
            assertThat(reply.getFirst()).endsWith("[d]:hello");
            assertThat(reply.subList(1, 3)).satisfiesExactlyInAnyOrder(
                    line -> assertThat(line).endsWith("] a was disconnected: too slow to keep up..."),
                    line -> assertThat(line).endsWith("] b was disconnected: too slow to keep up..."));
            assertThat(room.d.request("text still here")).singleElement().asString().endsWith("[d]:still here");
            room.server.awaitMetric("netcat_slow_client_disconnects_total", 2);
            room.server.awaitMetric("netcat_joined_clients", 3);
        }
    }

    @Test
    void aJoinWhoseNoticeOverflowsTwoMembersIsAcknowledgedAndStays() throws IOException {
        try (Room room = almostFullRoom(); WireClient eve = room.server.connectAdmitted()) {
            eve.join("eve");

            assertThat(eve.request("text hi")).last().asString().endsWith("[eve]:hi");
            List<String> history = room.server.server().historyLines();
            int joined = history.size() - 4;
            assertThat(history.get(joined)).endsWith("] eve has joined our chat...");
            assertThat(history.subList(joined + 1, joined + 3)).allSatisfy(
                    line -> assertThat(line).contains(" was disconnected: too slow to keep up..."));
            assertThat(history.getLast()).endsWith("[eve]:hi");
            room.server.awaitMetric("netcat_joined_clients", 4);
        }
    }

    @Test
    void aLeaveWhoseNoticeOverflowsTwoMembersLeavesEveryGaugeRight() throws IOException {
        try (Room room = almostFullRoom()) {
            room.f.send("quit");
            room.f.awaitClosed();
            room.d.awaitLineContaining("] f has left our chat...");
            room.d.awaitLineContaining(" was disconnected: too slow to keep up...");
            room.d.awaitLineContaining(" was disconnected: too slow to keep up...");
            room.server.awaitMetric("netcat_joined_clients", 2);

            room.closeClients();

            room.server.awaitMetric("netcat_active_connections", 0);
            room.server.awaitMetric("netcat_connection_virtual_threads", 0);
            room.server.awaitMetric("netcat_joined_clients", 0);
        }
    }

    /** c fills, d speaks, f may leave; a and b never read and have exactly {@link #LEFT} bytes of queue free. */
    private Room almostFullRoom() throws IOException {
        writeLargeHistory();
        // six clients from one address: the limits per address would refuse the sixth
        MeteredServer server = MeteredServer.start(dir, "--rate-limit", "0", "--replay-lines", "0",
                "--max-queue-bytes", Integer.toString(QUEUE), "--max-connections-per-ip", "0");
        Room room = new Room(server);
        room.c = server.connectAdmitted().join("c");
        room.d = server.connectAdmitted().join("d");
        room.f = server.connectAdmitted().join("f");
        room.a = joinedNonReader(server, "a");
        room.b = joinedNonReader(server, "b");
        park(room.a);
        park(room.b);
        room.c.awaitLineContaining("] b has joined our chat...");
        // both queues are empty now, and stay so but for what c says: "[ts][c]:" + message + LF each
        int fillers = 0;
        int queued = 0;
        while (queued < QUEUE - LEFT) {
            int line = Math.min(4000 + STAMP + 5, QUEUE - LEFT - queued);
            String message = "x".repeat(line - STAMP - "[c]:".length() - 1);
            assertThat(room.c.request("text " + message)).singleElement().asString().endsWith("[c]:" + message);
            queued += line;
            fillers++;
        }
        assertThat(queued).isEqualTo(QUEUE - LEFT);
        for (int i = 0; i < fillers; i++) {
            room.d.awaitLineContaining("][c]:"); // d has taken every line before its own
        }
        room.d.assertExhausted();
        return room;
    }

    /** Joins with a socket that reads nothing but what the test asks for. */
    private static Socket joinedNonReader(MeteredServer server, String name) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024); // before connect, so the window it advertises stays small
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) WireClient.DEADLINE.toMillis());
        socket.getOutputStream().write(("name " + name + "\n").getBytes(StandardCharsets.UTF_8));
        readUntil(socket, "\0"); // joined
        return socket;
    }

    /**
     * Asks for the whole history and returns once it is streaming: the writer is inside the hist, which is
     * far larger than the socket buffers, so it takes nothing more from the queue from now on.
     */
    private static void park(Socket socket) throws IOException {
        socket.getOutputStream().write("hist\n".getBytes(StandardCharsets.UTF_8));
        readUntil(socket, SEED);
    }

    private static void readUntil(Socket socket, String marker) throws IOException {
        socket.setSoTimeout((int) WireClient.DEADLINE.toMillis()); // a timeout fails the test
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] one = new byte[1];
        try {
            while (seen.indexOf(marker) < 0) {
                if (in.read(one) < 0) {
                    throw new AssertionError("closed before " + marker.replace("\0", "\\0") + "; got " + seen);
                }
                seen.append((char) (one[0] & 0xFF));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing more from the server; got " + seen, e);
        }
    }

    private void writeLargeHistory() throws IOException {
        byte[] line = (SEED + "y".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[HISTORY_BYTES / line.length * line.length];
        for (int at = 0; at < file.length; at += line.length) {
            System.arraycopy(line, 0, file, at, line.length);
        }
        Files.write(dir.resolve("history.txt"), file);
    }

    /** The server and its clients, all closed together. */
    private static final class Room implements AutoCloseable {
        final MeteredServer server;
        WireClient c;
        WireClient d;
        WireClient f;
        Socket a;
        Socket b;

        Room(MeteredServer server) {
            this.server = server;
        }

        void closeClients() throws IOException {
            for (WireClient client : new WireClient[]{c, d, f}) {
                if (client != null) {
                    client.close();
                }
            }
            for (Socket socket : new Socket[]{a, b}) {
                if (socket != null) {
                    socket.close();
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                closeClients();
            } finally {
                server.close();
            }
        }
    }
}
