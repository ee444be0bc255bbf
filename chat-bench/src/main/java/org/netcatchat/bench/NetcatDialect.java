package org.netcatchat.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.ServerStream;
import org.netcatchat.protocol.Wire;

/**
 * Our protocol v1 (docs/PROTOCOL.md): join with {@code name<NICK>}, send {@code text <payload>}; the server
 * confirms every command with one 0x00 byte and pushes {@code [ts][sender]:payload} to every joined client,
 * the sender included.
 */
record NetcatDialect() implements Dialect {
    private static final byte[] TEXT = Dialect.ascii("text ");
    private static final byte[] QUIT = Dialect.ascii("quit\n");

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
        out.put(TEXT);
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
        return TEXT.length + 1;
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
        return new NetcatInbound(events);
    }

    /**
     * Until the reply to {@code name}, the bytes go through chat-core's {@link ServerStream} one at a time
     * (the greeting is short, and the ACK must be found exactly). After it, a byte scanner takes over: at
     * hundreds of thousands of lines a second on a machine whose two cores the server shares, a String per
     * line would be the generator stealing CPU from the server it measures.
     */
    private static final class NetcatInbound implements Inbound, LineAssembler.Sink {
        private static final byte[] ERR = Wire.ERROR_PREFIX.getBytes(StandardCharsets.US_ASCII);

        private final Inbound.Events events;
        private ServerStream handshake = new ServerStream();
        private String joinError = "";
        private final LineAssembler lines = new LineAssembler();
        private long now;

        NetcatInbound(Inbound.Events events) {
            this.events = events;
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
                    handshake = null;
                    if (joinError.isEmpty()) {
                        events.joined();
                    } else {
                        events.failed("join refused: " + joinError);
                    }
                }
            }
        }

        @Override
        public void line(byte[] b, int from, int to) {
            int length = to - from;
            int prefix = PushedLine.TIME_PREFIX_LENGTH;
            if (length > prefix + 3 && b[from] == '[' && b[from + prefix - 1] == ']' && b[from + prefix] == '[') {
                for (int i = from + prefix + 1; i < to - 1; i++) {
                    if (b[i] == ']' && b[i + 1] == ':') {
                        if (i + 2 < to && b[i + 2] == Payload.MARKER) {
                            events.delivered(b, i + 2, to, now);
                        }
                        return;
                    }
                }
                return;
            }
            if (startsWith(b, from, to, ERR)) {
                events.failed(new String(b, from, length, StandardCharsets.UTF_8));
            }
            // greetings and notices ([ts] alice has joined our chat...) are not deliveries
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
