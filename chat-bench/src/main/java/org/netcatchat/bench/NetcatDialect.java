package org.netcatchat.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.protocol.ServerStream;
import org.netcatchat.protocol.Wire;

/**
 * Our protocol (docs/PROTOCOL.md) in one room. In the lobby, protocol version 1: join with {@code name<NICK>},
 * send {@code text <payload>}, and the server pushes {@code [ts][sender]:payload}. In any other room, version 2:
 * after the ACK of {@code name}, {@code join#room3}; send {@code tell#room3 <payload>}; the server pushes
 * {@code [ts]#room3[sender]:payload}. Either way the server confirms every command with one 0x00 byte and
 * pushes a message to every member of its room, the sender included.
 *
 * @param room the room the connection speaks in; {@link RoomName#LOBBY} for version 1
 */
record NetcatDialect(RoomName room) implements Dialect {
    private static final byte[] TEXT = Dialect.ascii("text ");
    private static final byte[] QUIT = Dialect.ascii("quit\n");

    NetcatDialect {
        Objects.requireNonNull(room, "room");
    }

    /** Version 1: everyone in the lobby. */
    NetcatDialect() {
        this(RoomName.LOBBY);
    }

    @Override
    public String id() {
        return "netcat";
    }

    @Override
    public void writeHello(ByteBuffer out, String nick) {
        out.put(Dialect.ascii("name" + nick + "\n"));
    }

    @Override
    public void writeMessageStart(ByteBuffer out) {
        out.put(room.isLobby() ? TEXT : Dialect.ascii("tell" + room + " "));
    }

    @Override
    public void writeMessageEnd(ByteBuffer out) {
        out.put(Wire.LF);
    }

    @Override
    public void writeQuit(ByteBuffer out) {
        out.put(QUIT);
    }

    @Override
    public int overhead() {
        return (room.isLobby() ? TEXT.length : ("tell" + room + " ").length()) + 1;
    }

    @Override
    public int fanout(int connections) {
        return connections;
    }

    @Override
    public boolean echoesToSender() {
        return true;
    }

    @Override
    public Inbound inbound(Inbound.Events events) {
        return new NetcatInbound(events, room);
    }

    @Override
    public Dialect inRoom(String name) {
        return switch (RoomName.parse(name)) {
            case RoomName.Result.Valid valid -> new NetcatDialect(valid.room());
            case RoomName.Result.Invalid invalid -> throw new IllegalArgumentException(name + ": " + invalid.reason());
        };
    }

    /**
     * Until the connection is in its room (the reply to {@code name}; in a room of version 2, the reply to the
     * {@code join#room} sent after it), the bytes go through chat-core's {@link ServerStream} one at a time
     * (the greeting is short, and the ACK must be found exactly). After it, a byte scanner takes over: at
     * hundreds of thousands of lines a second on a machine whose two cores the server shares, a String per
     * line would be the generator stealing CPU from the server it measures.
     *
     * <p>A message line of the connection's room is a delivery. One of the lobby, in a room of version 2, is
     * not (every member with a name is in the lobby too, and a run sends nothing there). One of another room is
     * the server's mistake, reported as a failure: a client never receives a line of a room it is not in.
     */
    private static final class NetcatInbound implements Inbound, LineAssembler.Sink {
        private static final byte[] ERR = Wire.ERROR_PREFIX.getBytes(StandardCharsets.US_ASCII);

        private final Inbound.Events events;
        private final RoomName room;
        /** {@code #room3}, as the server shows it after the stamp; empty for the lobby, whose lines show none. */
        private final byte[] roomTag;
        private ServerStream handshake = new ServerStream();
        /** Replies the handshake still waits for: {@code name}'s, then (in a room of version 2) {@code join}'s. */
        private int repliesToJoin;
        private String joinError = "";
        private final LineAssembler lines = new LineAssembler();
        private long now;

        NetcatInbound(Inbound.Events events, RoomName room) {
            this.events = events;
            this.room = room;
            this.roomTag = room.isLobby() ? new byte[0] : Dialect.ascii(room.toString());
            this.repliesToJoin = room.isLobby() ? 1 : 2;
        }

        @Override
        public void feed(byte[] bytes, int offset, int count, long now) {
            this.now = now;
            int end = offset + count;
            int i = offset;
            while (handshake != null && i < end) {
                handshake.feed(bytes, i++, 1, this::onHandshake);
            }
            if (i < end) {
                lines.feed(bytes, i, end - i, true, this);
            }
        }

        private void onHandshake(ServerStream.Event event) {
            switch (event) {
                case ServerStream.Line line -> {
                    if (line.isError()) {
                        joinError = line.errorReason();
                    }
                }
                case ServerStream.EndOfReply end -> {
                    repliesToJoin--;
                    if (!joinError.isEmpty()) {
                        handshake = null;
                        events.failed("join refused: " + joinError);
                    } else if (repliesToJoin > 0) {
                        events.answer(Dialect.ascii("join" + room + "\n"));
                    } else {
                        handshake = null;
                        events.joined();
                    }
                }
            }
        }

        /**
         * After the 21-byte stamp, '[' is a lobby message, '#' a room line (the room's name, then '[' for a
         * message or ' ' for a notice), ' ' a lobby notice, '*' a private message (PushedLine).
         */
        @Override
        public void line(byte[] b, int from, int to) {
            int kind = from + PushedLine.TIME_PREFIX_LENGTH;
            if (to - kind > 3 && b[from] == '[' && b[kind - 1] == ']') {
                int sender = kind;
                if (b[kind] == RoomName.PREFIX) {
                    while (sender < to && b[sender] != '[' && b[sender] != ' ') {
                        sender++;
                    }
                }
                if (sender < to && b[sender] == '[') {
                    message(b, kind, sender, to);
                }
                return; // notices ([ts] alice has joined our chat..., [ts]#room3 alice has joined #room3...)
            }
            if (startsWith(b, from, to, ERR)) {
                events.failed(new String(b, from, to - from, StandardCharsets.UTF_8));
            }
            // the greeting is not a delivery either
        }

        /** A message line: its room's name is bytes [roomFrom, sender) (none for the lobby), '[' at sender. */
        private void message(byte[] b, int roomFrom, int sender, int to) {
            if (!Arrays.equals(b, roomFrom, sender, roomTag, 0, roomTag.length)) {
                if (roomFrom < sender) {
                    events.failed("a line of " + new String(b, roomFrom, sender - roomFrom, StandardCharsets.UTF_8)
                            + " reached a connection that is only in " + room);
                }
                return;
            }
            for (int i = sender + 1; i < to - 1; i++) {
                if (b[i] == ']' && b[i + 1] == ':') {
                    if (i + 2 < to && b[i + 2] == Payload.MARKER) {
                        events.delivered(b, i + 2, to, now);
                    }
                    return;
                }
            }
        }

        @Override
        public void endOfReply() {
            events.confirmed(now);
        }

        private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
            if (to - from < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (b[from + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
