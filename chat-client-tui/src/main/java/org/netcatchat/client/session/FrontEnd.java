package org.netcatchat.client.session;

import java.util.List;
import org.netcatchat.client.window.WindowName;
import org.netcatchat.client.window.Windows;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.Roster;

/**
 * What a {@link ChatSession} needs from whoever shows the chat: a terminal screen or a script's stdout and
 * stderr. The session decides what happened; a front end only decides how it looks.
 *
 * <p>Threads: a connection's reader thread calls most of these, the input thread and the reconnect loop
 * the others ({@link #problem}, {@link #note}, {@link #help}, {@link #historyBegins}, {@link #ended}).
 * Implementations must be safe for that.
 */
public interface FrontEnd {

    /**
     * A chat line: live, or part of a {@code /hist} reply; {@code where} is the window it belongs in (its unread
     * count is already in the windows, see {@link #windows}).
     */
    void pushed(WindowName where, PushedLine line);

    /**
     * The windows changed: one opened or closed, another came to front, or a line arrived in one not in front.
     * Called after the change, by whichever thread made it; the snapshot is the state then.
     */
    void windows(Windows.Snapshot now);

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

    /** Whether the join replay is shown apart from live lines ({@link #replayed}); false: as live lines. */
    boolean marksReplay();

    /**
     * The history the server replays on joining, all at once (only when {@link #marksReplay}): the lobby's after
     * {@code name}, a room's after {@code join#room}.
     */
    void replayed(WindowName where, List<PushedLine> lines);

    /**
     * After a reconnect: the lines missed while away. {@code sure}: exactly those; otherwise some may repeat
     * lines already shown, or some may be missing (see {@code CatchUp}).
     */
    void caughtUp(WindowName where, List<PushedLine> missed, boolean sure);

    /** Joined as {@code me} (after the replay); {@code again}: rejoined after a reconnect. */
    void joined(ChatName me, boolean again);

    /** Who is online (the lobby: the answer to {@code list}), or who is in a room ({@code list#room}). */
    void roster(WindowName where, Roster roster);

    /** Joined {@code room} (after its replay); {@code again}: rejoined after a reconnect. */
    void enteredRoom(WindowName.Room room, boolean again);

    /** Left {@code room}: {@code part} was ACKed, or a rejoin was refused ({@code why}, empty after a part). */
    void leftRoom(WindowName.Room room, java.util.Optional<String> why);

    /** How many of the user's messages are on their way, not yet answered by the server (0: none). */
    void waiting(int messages);

    /** The session is over: say why. {@code draft} is what the user had typed and not sent (may be empty). */
    void ended(Ending ending, String draft);
}
