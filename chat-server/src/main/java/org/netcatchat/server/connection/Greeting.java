package org.netcatchat.server.connection;

import java.nio.charset.StandardCharsets;

/** What a connection gets when it is admitted: enough for a person on {@code nc} to start chatting. */
final class Greeting {
    /** No line starts with "[" or "ERR ", and there is no 0x00: a greeting is neither a pushed line nor a reply. */
    static final byte[] BYTES = """
            Welcome to netcat-chat! Each line you send starts with a command:
              name alice     join the chat as alice (again to change your name)
              text hello     say hello to everyone
              hist           show the history (hist 20: its last 20 lines)
              list           who is online
              quit           leave
            """.getBytes(StandardCharsets.UTF_8);

    private Greeting() {
    }
}
