package org.netcatchat.client.session;

import java.time.Duration;
import org.netcatchat.client.connection.Connection;

/**
 * A way of chatting over a {@link Connection}: in a terminal ({@code TerminalChat}) or through pipes
 * ({@code PipedChat}).
 */
public interface ChatClient {

    /** Chats until the session ends; the connection is closed and the terminal restored when it returns. */
    Ending run(Connection connection);

    /**
     * Called by the shutdown hook (SIGTERM, SIGINT outside JLine): ends the session and waits, at most
     * {@code patience}, for {@link #run} to leave and restore the terminal; past that, restores it itself.
     */
    void terminate(Duration patience);
}
