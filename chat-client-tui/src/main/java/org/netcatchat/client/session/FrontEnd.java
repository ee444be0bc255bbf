package org.netcatchat.client.session;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;

/**
 * What a {@link ChatSession} needs from whoever shows the chat: a terminal screen or a script's stdout and
 * stderr. The session decides what happened; a front end only decides how it looks.
 *
 * <p>Threads: the connection's reader thread calls {@link #pushed}, {@link #serverText}, {@link #refused},
 * {@link #named} and {@link #historyEnds}; the input thread calls the rest. Implementations must be safe
 * for that.
 */
public interface FrontEnd {

    /** A chat line: live, replayed on join, or part of a {@code /hist} reply. */
    void pushed(PushedLine line);

    /** A server line that is neither pushed nor an error (the greeting). {@code joined}: the user has joined. */
    void serverText(String text, boolean joined);

    /** The server refused {@code command} with {@code reason}. */
    void refused(Command command, String reason);

    /** Something the user must know went wrong: a mistake, a line not sent, a stray error. */
    void problem(String text);

    /** A note from the client itself. */
    void note(String text);

    /** {@code /help}. */
    void help();

    /** The server ACKed a {@code name}: the user is now {@code me}. */
    void named(ChatName me);

    /** A {@code /hist} was sent: its lines follow. */
    void historyBegins();

    /** The lines of the last {@code /hist} are all shown. */
    void historyEnds();

    /** The session is over: say why. {@code draft} is what the user had typed and not sent (may be empty). */
    void ended(Ending ending, String draft);
}
