package org.netcatchat.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How the generator speaks to a server, in one room: our protocol (version 1 in the lobby, version 2 in any
 * other room), or IRC in one channel. Stateless and thread-safe; the per-connection state lives in the
 * {@link Inbound} each dialect makes.
 */
sealed interface Dialect permits NetcatDialect, IrcDialect {

    String id();

    /** What a connection sends first, to join (what joins the room once the server has welcomed it: see Inbound). */
    void writeHello(ByteBuffer out, String nick);

    /** What goes before a payload ({@code text }, {@code tell#room3 }, {@code PRIVMSG #bench :}). */
    void writeMessageStart(ByteBuffer out);

    /** What goes after a payload, including what asks the server to confirm it. */
    void writeMessageEnd(ByteBuffer out);

    /** A polite goodbye, sent before closing. */
    void writeQuit(ByteBuffer out);

    /** Bytes a message takes beyond its payload. */
    int overhead();

    /**
     * How many connections receive one message when {@code connections} are in its room: ours echoes a message to
     * its sender too; IRC does not.
     */
    int fanout(int connections);

    /** Whether a sender receives its own messages. */
    boolean echoesToSender();

    Inbound inbound(Inbound.Events events);

    /** The same dialect spoken in room {@code room} ({@code #room3}) instead. */
    Dialect inRoom(String room);

    static Dialect named(String id, String channel) {
        return switch (id) {
            case "netcat" -> new NetcatDialect();
            case "irc" -> new IrcDialect(channel);
            default -> throw new IllegalArgumentException("unknown dialect \"" + id + "\"; use netcat or irc");
        };
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
