package org.netcatchat.client.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.netcatchat.client.connection.Answer;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.connection.Incoming;
import org.netcatchat.client.window.WindowName;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.protocol.Roster;

/**
 * What one connection's server replies mean for the session: the connection's listener. Runs on that
 * connection's reader thread only, so its fields need no lock.
 *
 * <pre>
 *   BEFORE_JOIN ──name ACK──► REPLAY ──LIST reply──► LIVE
 *                  (sends list)   lines held back       lines shown as they come
 * </pre>
 *
 * A join is followed by {@code list}: the lines between the name's ACK and the {@code LIST} line are the join
 * replay (and maybe the first live lines), shown at once between markers, then "You joined as ...", then
 * who is online. On a rejoin the same lines, with the {@code hist} reply before the name, go to a
 * {@link CatchUp}, and only the lines missed are shown. A front end that does not mark the replay (piped)
 * skips the REPLAY stage on a first join.
 *
 * <p>A room goes the same way, on its own: the ACK of {@code join#room} is followed by {@code list#room}, and
 * the room's lines in between are its replay ({@link RoomJoin}), caught up with on a rejoin. The stages above are
 * the lobby's; a room's lines and private lines never enter them. A {@code LIST} line is held until the answer
 * after it says whose it is: the lobby's ({@code list}) or a room's ({@code list#room}).
 */
final class Inbound implements Consumer<Incoming> {
    private enum Stage { BEFORE_JOIN, REPLAY, LIVE }

    /** The server replays 100 lines on joining by default; a screen's worth many times over, and ~1 MB at most. */
    static final int REPLAY_KEPT = 1000;

    private final ChatSession session;
    private final Connection connection;
    private final FrontEnd front;
    private final Optional<CatchUp> catchUp;
    private Stage stage = Stage.BEFORE_JOIN;
    /**
     * The replay's lines, newest {@link #REPLAY_KEPT} only: the server decides how many come before it answers
     * {@code list}, and one that never answers must not fill the heap. Older ones are counted in {@link #dropped}.
     */
    private final ArrayDeque<PushedLine> replay = new ArrayDeque<>();
    private long dropped;
    private Optional<Roster> roster = Optional.empty();
    /** The last {@code LIST} line, until the answer after it says whose it is. */
    private Optional<Roster> listed = Optional.empty();
    private Optional<ChatName> joinedAs = Optional.empty();
    /** Rooms between their join's ACK and their {@code list#room} answer. */
    private final Map<RoomName, RoomJoin> joining = new HashMap<>();
    /** Rooms this connection joins again after a reconnect, until their join is answered. */
    private final Set<RoomName> rejoining;

    Inbound(ChatSession session, Connection connection, FrontEnd front, Optional<CatchUp> catchUp,
            List<RoomName> rejoining) {
        this.session = session;
        this.connection = connection;
        this.front = front;
        this.catchUp = catchUp;
        this.rejoining = new HashSet<>(rejoining);
    }

    @Override
    public void accept(Incoming incoming) {
        switch (incoming) {
            case Incoming.Pushed pushed -> pushed(pushed.line());
            case Incoming.Text text -> text(text.text());
            case Incoming.Answered answered -> answered(answered.command(), answered.answer());
            case Incoming.StrayError stray -> front.problem(stray.reason());
        }
    }

    private void pushed(PushedLine line) {
        WindowName where = session.me().map(me -> WindowName.of(line, me)).orElse(new WindowName.Lobby());
        switch (where) {
            case WindowName.Lobby lobby -> lobbyPushed(line);
            case WindowName.Room room when joining.containsKey(room.room()) -> joining.get(room.room()).line(line);
            case WindowName.Room room -> show(line);
            case WindowName.Conversation conversation -> show(line);
        }
    }

    private void lobbyPushed(PushedLine line) {
        switch (stage) {
            case BEFORE_JOIN -> {
                if (catchUp.isPresent()) {
                    catchUp.get().history(line.render());
                } else {
                    show(line);
                }
            }
            case REPLAY -> {
                replay.addLast(line);
                if (replay.size() > REPLAY_KEPT) {
                    replay.removeFirst();
                    dropped++;
                }
                catchUp.ifPresent(c -> c.joined(line.render()));
            }
            case LIVE -> show(line);
        }
    }

    private void text(String text) {
        Optional<Roster> parsed = Roster.parse(text);
        if (parsed.isEmpty()) {
            if (text.startsWith("Closing: you were removed by ") || text.startsWith("Closing: your address is banned")) {
                session.removed(text); // shown below like every Closing line: the user reads why
            }
            if (catchUp.isEmpty() || stage != Stage.BEFORE_JOIN) {
                front.serverText(text, session.me().isPresent()); // a rejoin does not greet the user again
            }
        } else {
            listed = parsed; // whose it is, the answer after it says (lobbyListed, roomListed)
        }
    }

    /** The answer to {@code list}: its {@code LIST} line came just before. */
    private void lobbyListed() {
        Optional<Roster> got = listed;
        listed = Optional.empty();
        if (stage == Stage.REPLAY) {
            roster = got; // listed after the replay, whose old notices it overrides
            joined();
        } else {
            got.ifPresent(r -> {
                session.presence().listed(r);
                front.roster(new WindowName.Lobby(), r);
            });
        }
    }

    /** The answer to {@code list#room}: ends the room's join, if it was joining, else shows who is in it. */
    private void roomListed(RoomName room) {
        Optional<Roster> got = listed;
        listed = Optional.empty();
        WindowName.Room window = new WindowName.Room(room);
        RoomJoin join = joining.remove(room);
        if (join != null) {
            entered(join, window);
        }
        got.ifPresent(r -> front.roster(window, r));
    }

    /** The ACK of {@code join#room}: the room's replay follows, up to the answer to the {@code list#room} sent now. */
    private void joinAnswered(RoomName room) {
        boolean again = rejoining.remove(room);
        WindowName.Room window = new WindowName.Room(room);
        session.windows().open(window, !again); // a rejoin leaves in front the window that was
        front.windows(session.windows().snapshot());
        if (again || front.marksReplay()) {
            joining.put(room, new RoomJoin(room, again ? Optional.of(new CatchUp(session.seenIn(room)))
                    : Optional.empty()));
            connection.send(new Command.RoomList(room));
        } else {
            front.enteredRoom(window, false); // piped: the replay comes as live lines
        }
    }

    private void entered(RoomJoin join, WindowName.Room window) {
        RoomJoin.Shown shown = join.shown();
        shown.lines().forEach(this::remember);
        if (join.isRejoin()) {
            front.caughtUp(window, shown.lines(), shown.sure());
            countUnread(shown.lines());
        } else {
            front.replayed(window, shown.lines());
            if (shown.dropped() > 0) {
                front.note(shown.dropped() + " older lines of " + join.room() + "'s replay are not shown (only the last "
                        + REPLAY_KEPT + " are kept); /hist in its window shows its history.");
            }
        }
        front.enteredRoom(window, join.isRejoin());
    }

    /** The ACK of {@code part#room}: its window closes. */
    private void parted(RoomName room) {
        WindowName.Room window = new WindowName.Room(room);
        joining.remove(room);
        session.windows().close(window);
        session.forget(room);
        front.windows(session.windows().snapshot());
        front.leftRoom(window, Optional.empty());
    }

    private void answered(Command command, Answer answer) {
        switch (answer) {
            case Answer.Ok ok -> {
                switch (command) {
                    case Command.Name name -> named(name.name());
                    case Command.Hist hist -> {
                        if (catchUp.isEmpty() || stage != Stage.BEFORE_JOIN) {
                            front.historyEnds();
                        }
                    }
                    case Command.List list -> lobbyListed();
                    case Command.Text text -> {
                    }
                    case Command.Quit quit -> {
                    }
                    case Command.Join join -> joinAnswered(join.room());
                    case Command.Part part -> parted(part.room());
                    case Command.TellRoom ignored -> {
                    }
                    case Command.TellPerson ignored -> {
                    }
                    case Command.Rooms ignored -> {
                    }
                    case Command.RoomList list -> roomListed(list.room());
                    case Command.RoomHist hist -> front.historyEnds();
                    case Command.Pass ignored -> front.note("Password saved: " + session.me().map(ChatName::toString)
                            .orElse("your name") + " is yours now, also while you are away; join with it and its password.");
                    case Command.Moderation ignored -> {
                    }
                }
            }
            case Answer.Refused refused -> {
                if (isRateLimit(command, refused.reason())) {
                    return; // the session sends it again: nothing was lost
                }
                if (command instanceof Command.Join join && rejoining.remove(join.room())) {
                    WindowName.Room window = new WindowName.Room(join.room());
                    session.windows().close(window); // not in it any more: its lines would go nowhere
                    session.forget(join.room());
                    front.windows(session.windows().snapshot());
                    front.leftRoom(window, Optional.of(refused.reason()));
                    return;
                }
                front.refused(command, refused.reason());
                if (command instanceof Command.List) {
                    listed = Optional.empty();
                    if (stage == Stage.REPLAY) {
                        joined();
                    }
                } else if (command instanceof Command.RoomList list) {
                    listed = Optional.empty();
                    RoomJoin join = joining.remove(list.room());
                    if (join != null) {
                        entered(join, new WindowName.Room(list.room()));
                    }
                }
            }
            case Answer.Unanswered unanswered -> {
                // never an Incoming: the connection ended, and the session's ending says so
            }
        }
    }

    /** A message the server refused only as over its rate limit: worth sending again. */
    static boolean isRateLimit(Command command, String reason) {
        return org.netcatchat.client.input.InputInterpreter.said(command).isPresent() && reason.equals("rate limited");
    }

    private void named(ChatName name) {
        session.named(name);
        front.named(name);
        if (stage != Stage.BEFORE_JOIN) {
            return; // a rename
        }
        joinedAs = Optional.of(name);
        if (catchUp.isPresent() || front.marksReplay()) {
            stage = Stage.REPLAY;
            connection.send(new Command.List());
        } else {
            stage = Stage.LIVE;
            session.presence().settled(); // piped: no list is sent, and nobody presses Tab
        }
    }

    /** The replay is complete: show it (or what was missed), then who we are and who is here. */
    private void joined() {
        stage = Stage.LIVE;
        List<PushedLine> lines = new ArrayList<>();
        boolean sure = true;
        if (catchUp.isPresent()) {
            CatchUp.Result result = catchUp.get().result();
            for (String line : result.missed()) {
                PushedLine.parse(line).ifPresent(lines::add);
            }
            sure = result.sure();
        } else {
            lines.addAll(replay);
        }
        lines.forEach(this::remember);
        roster.ifPresent(session.presence()::listed);
        // Before anything is printed: a Tab waiting for these names holds the line reader's lock, which printing
        // above the input line takes too (see Presence#names(Duration)).
        session.presence().settled();
        if (catchUp.isPresent()) {
            front.caughtUp(new WindowName.Lobby(), lines, sure);
            countUnread(lines);
        } else {
            front.replayed(new WindowName.Lobby(), List.copyOf(lines));
            if (dropped > 0) { // said after them, where it is read: above, they fill the screen
                front.note(dropped + " older lines of the replay are not shown (only the last " + REPLAY_KEPT
                        + " are kept); /hist shows the history.");
            }
        }
        replay.clear();
        dropped = 0;
        front.joined(joinedAs.orElseThrow(), catchUp.isPresent());
        roster.ifPresent(r -> front.roster(new WindowName.Lobby(), r));
    }

    /**
     * Lines missed while away count as unread in their window, as they would have live: after a reconnect with #dev
     * in front, the status line says how much was said in #ops meanwhile. (A first join's replay counts nothing: its
     * window comes to front.)
     */
    private void countUnread(List<PushedLine> missed) {
        session.me().ifPresent(me -> missed.forEach(line -> session.windows().arrived(line, me)));
        front.windows(session.windows().snapshot());
    }

    private void show(PushedLine line) {
        remember(line);
        WindowName where = session.me().map(me -> session.windows().arrived(line, me)).orElse(new WindowName.Lobby());
        front.pushed(where, line);
        front.windows(session.windows().snapshot());
    }

    private void remember(PushedLine line) {
        if (!(line instanceof PushedLine.Notice notice && notice.isShutdown())) {
            session.seen(line); // a stop's notice is in no history: no place to find again after a reconnect
        }
        session.presence().saw(line);
    }
}
