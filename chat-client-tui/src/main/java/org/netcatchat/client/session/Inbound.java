package org.netcatchat.client.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.netcatchat.client.connection.Answer;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.connection.Incoming;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;
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
    private Optional<ChatName> joinedAs = Optional.empty();

    Inbound(ChatSession session, Connection connection, FrontEnd front, Optional<CatchUp> catchUp) {
        this.session = session;
        this.connection = connection;
        this.front = front;
        this.catchUp = catchUp;
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
            if (catchUp.isEmpty() || stage != Stage.BEFORE_JOIN) {
                front.serverText(text, session.me().isPresent()); // a rejoin does not greet the user again
            }
        } else if (stage == Stage.REPLAY) {
            roster = parsed; // listed after the replay, whose old notices it overrides
        } else {
            session.presence().listed(parsed.get());
            front.roster(parsed.get());
        }
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
                    case Command.List list -> {
                        if (stage == Stage.REPLAY) {
                            joined();
                        }
                    }
                    case Command.Text text -> {
                    }
                    case Command.Quit quit -> {
                    }
                    case Command.Join ignored -> {
                    }
                    case Command.Part ignored -> {
                    }
                    case Command.TellRoom ignored -> {
                    }
                    case Command.TellPerson ignored -> {
                    }
                    case Command.Rooms ignored -> {
                    }
                    case Command.RoomList ignored -> {
                    }
                    case Command.RoomHist ignored -> {
                    }
                }
            }
            case Answer.Refused refused -> {
                if (isRateLimit(command, refused.reason())) {
                    return; // the session sends it again: nothing was lost
                }
                front.refused(command, refused.reason());
                if (command instanceof Command.List && stage == Stage.REPLAY) {
                    joined();
                }
            }
            case Answer.Unanswered unanswered -> {
                // never an Incoming: the connection ended, and the session's ending says so
            }
        }
    }

    /** A message the server refused only as over its rate limit: worth sending again. */
    static boolean isRateLimit(Command command, String reason) {
        return command instanceof Command.Text && reason.equals("rate limited");
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
            front.caughtUp(lines, sure);
        } else {
            front.replayed(List.copyOf(lines));
            if (dropped > 0) { // said after them, where it is read: above, they fill the screen
                front.note(dropped + " older lines of the replay are not shown (only the last " + REPLAY_KEPT
                        + " are kept); /hist shows the history.");
            }
        }
        replay.clear();
        dropped = 0;
        front.joined(joinedAs.orElseThrow(), catchUp.isPresent());
        roster.ifPresent(front::roster);
    }

    private void show(PushedLine line) {
        remember(line);
        front.pushed(line);
    }

    private void remember(PushedLine line) {
        if (!(line instanceof PushedLine.Notice notice && notice.isShutdown())) {
            session.seen(line.render()); // a stop's notice is in no history: no place to find again after a reconnect
        }
        session.presence().saw(line);
    }
}
