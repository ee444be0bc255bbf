package org.netcatchat.server.connection;

import org.netcatchat.protocol.TimeZoneLine;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * What a connection gets when it is admitted: enough for a person on {@code nc} to start chatting, and the zone
 * of the time stamps, which the v1 stamp cannot carry. No line starts with "[" or "ERR ", and there is no 0x00:
 * a greeting is neither a pushed line nor a reply. Its last line is the zone's ({@link TimeZoneLine}).
 * Immutable; one per server, shared by every connection.
 */
public final class Greeting {
    private static final String COMMANDS = """
            Welcome to netcat-chat! Each line you send starts with a command:
              name alice     join the chat as alice (again to change your name)
              text hello     say hello to everyone
              hist           show the history (hist 20: its last 20 lines)
              list           who is online
              quit           leave
            """;
    /** Protocol version 2's commands, served by a single server and a cluster alike. */
    private static final String ROOM_COMMANDS = """
              join#dev       enter the room #dev; part#dev leaves it, room lists the rooms
              tell#dev hi    say hi in #dev (hist#dev, list#dev: its history, who is in it)
              tell bob hi    say hi to bob only, privately
            """;

    private final byte[] bytes;

    private Greeting(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The greeting of a server that stamps its lines in {@code zone}. */
    public static Greeting inZone(ZoneId zone) {
        return new Greeting((COMMANDS + ROOM_COMMANDS + TimeZoneLine.of(zone) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes to send; shared, so never to be changed. */
    byte[] bytes() {
        return bytes;
    }
}
