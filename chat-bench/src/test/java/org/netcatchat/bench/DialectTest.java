package org.netcatchat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each dialect makes of a server's bytes, whole and replayed one byte at a time (a split read must not
 * change a single event).
 */
class DialectTest {
    private static final String NETCAT_SESSION = """
            Welcome to netcat-chat. Commands: name<NAME>, text<MESSAGE>, hist, quit
            \0[2026-11-27 17:46:36] b0 has joined our chat...
            [2026-11-27 17:46:37][b1]:~abc123.1.7.99.xx
            \0[2026-11-27 17:46:38][b1]:plain words, not a payload
            ERR text: message too long
            \0""";

    private static final String IRC_SESSION = String.join("\r\n",
            ":bench.ngircd NOTICE * :*** Looking up your hostname",
            ":bench.ngircd 001 b0 :Welcome to the Internet Relay Network b0!~b0@localhost",
            ":bench.ngircd 422 b0 :MOTD file is missing",
            ":b0!~b0@localhost JOIN :#bench",
            ":bench.ngircd 353 b0 = #bench :@b0 b1",
            ":bench.ngircd 366 b0 #bench :End of NAMES list",
            "PING :bench.ngircd",
            ":b1!~b1@localhost PRIVMSG #bench :~abc123.1.7.99.xx",
            ":bench.ngircd PONG bench.ngircd :c",
            ":bench.ngircd 404 b0 #bench :Cannot send to channel",
            "");

    /** Protocol v2 in #room3: the ACK of name, a lobby notice, the ACK of join#room3, its replay, then live lines. */
    private static final String NETCAT_ROOM_SESSION = """
            Welcome to netcat-chat. Commands: name<NAME>, text<MESSAGE>, hist, quit
            \0[2026-12-07 10:00:00] b1 has joined our chat...
            \0[2026-12-07 10:00:00]#room3 b3 has joined #room3...
            [2026-12-07 10:00:01]#room3 b0 has joined #room3...
            [2026-12-07 10:00:02]#room3[b3]:~abc123.3.7.99.xx
            [2026-12-07 10:00:02][b2]:~abc123.2.0.99.xx
            \0[2026-12-07 10:00:03]*[b3>b0]:~abc123.3.8.99.xx
            [2026-12-07 10:00:03]#room3[b3]:plain words, not a payload
            [2026-12-07 10:00:04]#room5[b5]:~abc123.5.0.99.xx
            [2026-12-07 10:00:04]#room3x[b5]:~abc123.5.1.99.xx
            [2026-12-07 10:00:04]#room5 b5 has joined #room5...
            ERR not in #room9: join it first with join#room9
            \0""";

    private static final String IRC_ROOM_SESSION = String.join("\r\n",
            ":bench.ngircd 001 b0 :Welcome to the Internet Relay Network b0!~b0@localhost",
            ":b0!~b0@localhost JOIN :#room3",
            ":bench.ngircd 353 b0 = #room3 :@b3 b0",
            ":bench.ngircd 366 b0 #room3 :End of NAMES list",
            ":b3!~b3@localhost PRIVMSG #room3 :~abc123.3.7.99.xx",
            ":b5!~b5@localhost PRIVMSG #room5 :~abc123.5.0.99.xx",
            ":b5!~b5@localhost PRIVMSG #room33 :~abc123.5.1.99.xx",
            ":bench.ngircd PONG bench.ngircd :c",
            "");

    @ParameterizedTest(name = "in chunks of {0} bytes")
    @ValueSource(ints = {1, 3, 4096})
    void netcatInARoomJoinsItAfterTheNameIsTakenThenCountsOnlyThatRoomsMessages(int chunk) {
        Recorder events = feed(new NetcatDialect().inRoom("#room3"), NETCAT_ROOM_SESSION, chunk);

        assertThat(events.log).containsExactly(
                "answer join#room3\n",
                "joined",
                // the replay's notices, the lobby's message and the private one are not deliveries
                "delivered ~abc123.3.7.99.xx",
                "confirmed",
                "failed a line of #room5 reached a connection that is only in #room3",
                "failed a line of #room3x reached a connection that is only in #room3",
                "failed ERR not in #room9: join it first with join#room9",
                "confirmed");
    }

    @ParameterizedTest(name = "in chunks of {0} bytes")
    @ValueSource(ints = {1, 7, 4096})
    void netcatInARoomThatRefusesTheJoinFailsToJoin(int chunk) {
        Recorder events = feed(new NetcatDialect().inRoom("#room3"), """
                Welcome to netcat-chat.
                \0ERR too many rooms: the server has 1000 open, the most it keeps
                \0""", chunk);

        assertThat(events.log).containsExactly(
                "answer join#room3\n",
                "failed join refused: too many rooms: the server has 1000 open, the most it keeps");
    }

    @Test
    void netcatInTheLobbyTakesARoomLineForTheServersMistake() {
        Recorder events = feed(new NetcatDialect(), """
                Welcome to netcat-chat.
                \0[2026-12-07 10:00:02]#room3[b3]:~abc123.3.7.99.xx
                [2026-12-07 10:00:02][b3]:~abc123.3.8.99.xx
                """, 4096);

        assertThat(events.log).containsExactly(
                "joined",
                "failed a line of #room3 reached a connection that is only in #lobby",
                "delivered ~abc123.3.8.99.xx");
    }

    @ParameterizedTest(name = "in chunks of {0} bytes")
    @ValueSource(ints = {1, 5, 4096})
    void ircInARoomJoinsThatChannelAndCountsOnlyItsMessages(int chunk) {
        Recorder events = feed(new IrcDialect("#bench").inRoom("#room3"), IRC_ROOM_SESSION, chunk);

        assertThat(events.log).containsExactly(
                "answer JOIN #room3\r\n",
                "joined",
                "delivered ~abc123.3.7.99.xx",
                "failed a PRIVMSG to #room5 reached a connection that is only in #room3",
                "failed a PRIVMSG to #room33 reached a connection that is only in #room3",
                "confirmed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"netcat", "irc"})
    void aRoomMessageIsFramedForItsRoom(String id) {
        Dialect dialect = Dialect.named(id, "#bench").inRoom("#room3");
        ByteBuffer out = ByteBuffer.allocate(256);
        dialect.writeMessageStart(out);
        Payload.writeMessage(out, "abc123".getBytes(StandardCharsets.US_ASCII), 3, 41, 5, 20);
        dialect.writeMessageEnd(out);

        String wire = new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
        assertThat(wire).isEqualTo(id.equals("netcat")
                ? "tell#room3 ~abc123.3.41.5.xxxxx\n"
                : "PRIVMSG #room3 :~abc123.3.41.5.xxxxx\r\nPING :c\r\n");
        assertThat(wire.length()).isEqualTo(dialect.overhead() + 20);
    }

    @Test
    void aRoomOurServerWouldRefuseIsRefusedBeforeTheRun() {
        assertThatThrownBy(() -> new NetcatDialect().inRoom("room3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetcatDialect().inRoom("#room 3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IrcDialect("#bench").inRoom("room3")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "in chunks of {0} bytes")
    @ValueSource(ints = {1, 3, 4096})
    void netcatJoinsOnTheFirstReplyThenSeesDeliveriesConfirmationsAndErrors(int chunk) {
        Recorder events = feed(new NetcatDialect(), NETCAT_SESSION, chunk);

        assertThat(events.log).containsExactly(
                "joined",
                "delivered ~abc123.1.7.99.xx",
                "confirmed",
                "failed ERR text: message too long",
                "confirmed");
    }

    @ParameterizedTest(name = "in chunks of {0} bytes")
    @ValueSource(ints = {1, 5, 4096})
    void ircJoinsAfterTheWelcomeAnswersPingAndTakesPongAsConfirmation(int chunk) {
        Recorder events = feed(new IrcDialect("#bench"), IRC_SESSION, chunk);

        assertThat(events.log).containsExactly(
                "answer JOIN #bench\r\n",
                "joined",
                "answer PONG :bench.ngircd\r\n",
                "delivered ~abc123.1.7.99.xx",
                "confirmed",
                "failed :bench.ngircd 404 b0 #bench :Cannot send to channel");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"netcat", "irc"})
    void aMessageIsFramedSoTheServerSeesOneLineAndOneConfirmationRequest(String id) {
        Dialect dialect = Dialect.named(id, "#bench");
        ByteBuffer out = ByteBuffer.allocate(256);
        dialect.writeMessageStart(out);
        Payload.writeMessage(out, "abc123".getBytes(StandardCharsets.US_ASCII), 3, 41, 5, 20);
        dialect.writeMessageEnd(out);

        String wire = new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
        assertThat(wire).isEqualTo(id.equals("netcat")
                ? "text ~abc123.3.41.5.xxxxx\n"
                : "PRIVMSG #bench :~abc123.3.41.5.xxxxx\r\nPING :c\r\n");
        assertThat(wire.length()).isEqualTo(dialect.overhead() + 20);
    }

    private static Recorder feed(Dialect dialect, String session, int chunk) {
        Recorder recorder = new Recorder();
        Inbound inbound = dialect.inbound(recorder);
        byte[] bytes = session.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += chunk) {
            // a scratch copy that is overwritten afterwards: a dialect must not keep a reference into it
            byte[] read = new byte[chunk];
            int n = Math.min(chunk, bytes.length - at);
            System.arraycopy(bytes, at, read, 0, n);
            inbound.feed(read, 0, n, at);
            java.util.Arrays.fill(read, (byte) '#');
        }
        return recorder;
    }

    /** Every event as a line of text, in order. */
    private static final class Recorder implements Inbound.Events {
        final List<String> log = new ArrayList<>();

        @Override
        public void joined() {
            log.add("joined");
        }

        @Override
        public void confirmed(long now) {
            log.add("confirmed");
        }

        @Override
        public void delivered(byte[] bytes, int from, int to, long now) {
            log.add("delivered " + new String(bytes, from, to - from, StandardCharsets.UTF_8));
        }

        @Override
        public void failed(String reason) {
            log.add("failed " + reason);
        }

        @Override
        public void answer(byte[] bytes) {
            log.add("answer " + new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
