package org.netcatchat.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * IRC (RFC 1459/2812) as far as a chat room needs: NICK/USER, JOIN one channel, PRIVMSG to it, PONG on PING.
 * A PRIVMSG to another channel is the server's mistake, reported as a failure (a daemon sends a client only the
 * lines of the channels it joined).
 *
 * <p>Confirmation: IRC has no acknowledgement of a PRIVMSG, so every PRIVMSG is followed by {@code PING :c}.
 * A server handles one client's lines in order, so its PONG means the PRIVMSG before it has been processed:
 * fanned out to the channel members' send queues, the same point at which our server sends its 0x00 ACK.
 * One PING per message gives the daemon exactly one extra reply per message, as our ACK byte is for ours.
 *
 * <p>Deliveries: IRC does not echo a PRIVMSG to its sender, so a message reaches {@code N-1} members where
 * ours reaches {@code N}. The report gives the raw count and the fan-out, and normalises (see Report).
 */
record IrcDialect(String channel) implements Dialect {
    private static final byte[] MESSAGE_END = Dialect.ascii("\r\nPING :c\r\n");
    private static final byte[] QUIT = Dialect.ascii("QUIT :bench done\r\n");

    IrcDialect {
        Objects.requireNonNull(channel, "channel");
        if (!channel.startsWith("#") || channel.contains(" ")) {
            throw new IllegalArgumentException("an IRC channel starts with # and has no space: " + channel);
        }
    }

    @Override
    public String id() {
        return "irc";
    }

    @Override
    public void writeHello(ByteBuffer out, String nick) {
        out.put(Dialect.ascii("NICK " + nick + "\r\nUSER " + nick + " 0 * :chat-bench\r\n"));
    }

    @Override
    public void writeMessageStart(ByteBuffer out) {
        out.put(Dialect.ascii("PRIVMSG " + channel + " :"));
    }

    @Override
    public void writeMessageEnd(ByteBuffer out) {
        out.put(MESSAGE_END);
    }

    @Override
    public void writeQuit(ByteBuffer out) {
        out.put(QUIT);
    }

    @Override
    public int overhead() {
        return ("PRIVMSG " + channel + " :").length() + MESSAGE_END.length;
    }

    @Override
    public int fanout(int connections) {
        return connections - 1;
    }

    @Override
    public boolean echoesToSender() {
        return false;
    }

    @Override
    public Inbound inbound(Inbound.Events events) {
        return new IrcInbound(events, channel);
    }

    @Override
    public Dialect inRoom(String room) {
        return new IrcDialect(room);
    }

    private static final class IrcInbound implements Inbound, LineAssembler.Sink {
        private static final byte[] PONG = Dialect.ascii("PONG");
        private final Inbound.Events events;
        private final byte[] join;
        private final byte[] channel;
        private final LineAssembler lines = new LineAssembler();
        private boolean joined;
        private long now;

        IrcInbound(Inbound.Events events, String channel) {
            this.events = events;
            this.join = Dialect.ascii("JOIN " + channel + "\r\n");
            this.channel = Dialect.ascii(channel);
        }

        @Override
        public void feed(byte[] bytes, int offset, int count, long now) {
            this.now = now;
            lines.feed(bytes, offset, count, false, this);
        }

        /** [':' prefix ' '] command [' ' params] [' :' trailing] */
        @Override
        public void line(byte[] b, int from, int to) {
            int i = from;
            if (i < to && b[i] == ':') {
                while (i < to && b[i] != ' ') {
                    i++;
                }
                i++;
            }
            int commandStart = i;
            while (i < to && b[i] != ' ') {
                i++;
            }
            int commandEnd = i;
            if (is(b, commandStart, commandEnd, "PRIVMSG")) {
                int targetStart = Math.min(commandEnd + 1, to);
                int targetEnd = targetStart;
                while (targetEnd < to && b[targetEnd] != ' ') {
                    targetEnd++;
                }
                if (!Arrays.equals(b, targetStart, targetEnd, channel, 0, channel.length)) {
                    events.failed("a PRIVMSG to " + new String(b, targetStart, targetEnd - targetStart,
                            StandardCharsets.UTF_8) + " reached a connection that is only in " + new String(channel,
                            StandardCharsets.UTF_8));
                    return;
                }
                int trailing = trailing(b, commandEnd, to);
                if (trailing >= 0 && trailing < to && b[trailing] == Payload.MARKER) {
                    events.delivered(b, trailing, to, now);
                }
            } else if (is(b, commandStart, commandEnd, "PONG")) {
                events.confirmed(now);
            } else if (is(b, commandStart, commandEnd, "PING")) {
                // PONG with the same parameters: "PING :token" -> "PONG :token"
                byte[] pong = new byte[4 + (to - commandEnd) + 2];
                System.arraycopy(PONG, 0, pong, 0, 4);
                System.arraycopy(b, commandEnd, pong, 4, to - commandEnd);
                pong[pong.length - 2] = '\r';
                pong[pong.length - 1] = '\n';
                events.answer(pong);
            } else if (is(b, commandStart, commandEnd, "001")) {
                events.answer(join);
            } else if (is(b, commandStart, commandEnd, "366")) {
                if (!joined) {
                    joined = true;
                    events.joined();
                }
            } else if (is(b, commandStart, commandEnd, "ERROR") || isErrorNumeric(b, commandStart, commandEnd)) {
                events.failed(new String(b, from, to - from, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void endOfReply() {
            throw new AssertionError("IRC has no end-of-reply byte");
        }

        private static int trailing(byte[] b, int from, int to) {
            for (int i = from; i < to - 1; i++) {
                if (b[i] == ' ' && b[i + 1] == ':') {
                    return i + 2;
                }
            }
            return -1;
        }

        /** 4xx and 5xx, but 422 (no MOTD) is only news. */
        private static boolean isErrorNumeric(byte[] b, int from, int to) {
            return to - from == 3 && (b[from] == '4' || b[from] == '5')
                    && Character.isDigit(b[from + 1]) && Character.isDigit(b[from + 2])
                    && !is(b, from, to, "422");
        }

        private static boolean is(byte[] b, int from, int to, String word) {
            if (to - from != word.length()) {
                return false;
            }
            for (int k = 0; k < word.length(); k++) {
                if (b[from + k] != word.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
    }
}
