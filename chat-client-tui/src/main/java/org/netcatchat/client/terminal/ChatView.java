package org.netcatchat.client.terminal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.netcatchat.client.window.Mention;
import org.netcatchat.client.window.StatusLine;
import org.netcatchat.client.window.WindowName;
import org.netcatchat.client.window.Windows;
import org.netcatchat.client.render.Renderer;
import org.netcatchat.client.session.Ending;
import org.netcatchat.client.session.FrontEnd;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomCount;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.protocol.TimeZoneLine;
import org.netcatchat.protocol.Roster;

/**
 * The chat session on the screen: the terminal's {@link FrontEnd}. Everything is printed above the input line.
 *
 * <p>Windows: each window keeps its last {@link #KEPT} lines; only the window in front's are printed as they
 * come. Bringing another window to front clears the screen and prints its kept lines. Notes, errors and help
 * belong to the window in front. With more than one window open, the status line ({@link StatusLine}) is the
 * first line of the prompt, just above the input line; with the lobby alone there is none, and the screen looks
 * as in version 1.
 *
 * <p>Thread-safe as {@link FrontEnd} asks: the screen takes the line reader's lock; {@link #me} is volatile and
 * the greeting counter is touched by the reader thread only. The kept lines are concurrent collections, and no
 * lock of this class is held while printing: a key that switches windows runs inside JLine (under its lock),
 * while a reader thread prints (taking it). So a line that arrives at the very moment of a switch may be printed
 * in the old window's view; it is kept in its own window all the same, and shown there.
 */
final class ChatView implements FrontEnd {
    /** Test-only: {@code -Dnetcatchat.client.fault=listener} throws here, where a rendering bug would. */
    private static final boolean FAULT = "listener".equals(System.getProperty("netcatchat.client.fault"));

    private final Screen screen;
    /** Replaced once the greeting names the server's zone (reader thread), read by both threads. */
    private volatile Renderer renderer;
    private final boolean bell;
    /** The user's name once a {@code name} was ACKed, for styling their own lines. */
    private volatile Optional<ChatName> me = Optional.empty();
    /** Messages on their way, shown in the prompt. */
    private volatile int waiting;
    /** How many plain server lines (the greeting) came so far. Reader thread only. */
    private int serverTextLines;
    /** A window's last lines, enough to fill a tall screen many times over. */
    static final int KEPT = 500;
    /** Each window's last lines, as printed. Each deque is guarded by itself. */
    private final Map<WindowName, Deque<AttributedString>> kept = new ConcurrentHashMap<>();
    /** The windows as last told (volatile: written by whichever thread changed them). */
    private volatile Windows.Snapshot windows = new Windows().snapshot();
    /** Rooms heard of ({@code /rooms} replies, rooms joined), for Tab. */
    private final Set<String> rooms = new ConcurrentSkipListSet<>();

    /** @param bell ring the terminal bell once for each live line that mentions the user */
    ChatView(Screen screen, Renderer renderer, boolean bell) {
        this.screen = Objects.requireNonNull(screen, "screen");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.bell = bell;
    }

    /** A live line: a mention of the user rings the bell (history and replay never do). */
    @Override
    public void pushed(WindowName where, PushedLine line) {
        show(where, line);
        if (bell && me.isPresent() && mentions(line)) {
            screen.bell();
        }
    }

    /** Lobby lines as in version 1 ({@link Renderer#mentions}); a room's and private lines as the status line counts. */
    private boolean mentions(PushedLine line) {
        return line instanceof PushedLine.Message ? Renderer.mentions(line, me) : Mention.of(line, me.orElseThrow());
    }

    private void show(WindowName where, PushedLine line) {
        show(where, rendered(line));
    }

    /** Keeps {@code text} in {@code where}'s window, and prints it when that window is in front. */
    private void show(WindowName where, AttributedString text) {
        Deque<AttributedString> lines = kept.computeIfAbsent(where, w -> new ArrayDeque<>());
        synchronized (lines) {
            lines.addLast(text);
            while (lines.size() > KEPT) {
                lines.removeFirst();
            }
        }
        if (front().equals(where)) {
            screen.show(text);
        }
    }

    /** Something for the window in front. */
    private void show(AttributedString text) {
        show(front(), text);
    }

    private WindowName front() {
        Windows.Snapshot now = windows;
        return now.windows().get(now.front()).name();
    }

    @Override
    public void windows(Windows.Snapshot now) {
        Windows.Snapshot was = windows;
        if (was.equals(now)) {
            return; // told after every line: nothing changed, nothing to redraw (the lobby alone, or its front)
        }
        WindowName before = front();
        windows = now;
        now.windows().forEach(w -> {
            if (w.name() instanceof WindowName.Room room) {
                rooms.add(room.room().toString());
            }
        });
        WindowName after = front();
        if (!after.equals(before)) {
            Deque<AttributedString> lines = kept.computeIfAbsent(after, w -> new ArrayDeque<>());
            List<AttributedString> copy;
            synchronized (lines) {
                copy = List.copyOf(lines);
            }
            screen.redraw(copy);
        }
        screen.changePrompt(prompt());
    }

    /** Rooms to complete with Tab: those open, and those a {@code /rooms} reply named. */
    List<String> rooms() {
        return List.copyOf(rooms);
    }

    private AttributedString rendered(PushedLine line) {
        if (FAULT) {
            throw new IllegalStateException("injected fault (netcatchat.client.fault=listener)");
        }
        return renderer.pushed(line, me);
    }

    @Override
    public void serverText(String text, boolean joined) {
        Optional<ZoneId> zone = TimeZoneLine.parse(text);
        if (zone.isPresent()) { // not shown: every time on screen is in the user's own zone from now on
            renderer = renderer.inServerZone(zone.get());
            return;
        }
        Optional<RoomCount> count = RoomCount.parse(text);
        if (count.isPresent()) {
            RoomName room = count.get().room();
            rooms.add(room.toString());
            show(renderer.info(room + " (" + count.get().members() + ")"));
            return;
        }
        renderer.serverText(text, serverTextLines++, joined).ifPresent(this::show);
    }

    @Override
    public void refused(Command command, String reason) {
        show(renderer.refused(command, reason));
    }

    @Override
    public void problem(String text) {
        show(renderer.error(text));
    }

    @Override
    public void note(String text) {
        show(renderer.info(text));
    }

    @Override
    public void help() {
        show(renderer.help());
    }

    @Override
    public void named(ChatName name) {
        me = Optional.of(name);
        screen.changePrompt(prompt());
    }

    /**
     * The input prompt: the user's name, and how many messages are still on their way; above it the status line,
     * once more than the lobby is open (the front window bold, one with mentions highlighted).
     */
    AttributedString prompt() {
        AttributedString input = renderer.prompt(me, waiting);
        Windows.Snapshot now = windows;
        if (now.windows().size() < 2) {
            return input;
        }
        AttributedStringBuilder out = new AttributedStringBuilder();
        List<StatusLine.Segment> segments = StatusLine.segments(now);
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                out.append("  ");
            }
            StatusLine.Segment segment = segments.get(i);
            out.append(renderer.statusSegment(segment.text(), segment.front(), segment.mentioned()));
        }
        return out.append('\n').append(input).toAttributedString();
    }

    @Override
    public void waiting(int messages) {
        int before = waiting;
        waiting = messages;
        if (before != messages && (before > 1 || messages > 1)) { // the prompt shows a count from 2 up
            screen.changePrompt(prompt());
        }
    }

    @Override
    public void historyBegins() {
        show(renderer.info("--- history ---"));
    }

    @Override
    public void historyEnds() {
        show(renderer.info("--- end of history ---"));
    }

    @Override
    public boolean marksReplay() {
        return true;
    }

    @Override
    public void replayed(WindowName where, List<PushedLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        // One print for the whole replay, not one per line: each print above the input line redraws it.
        AttributedStringBuilder block = new AttributedStringBuilder().append(renderer.marker(
                where instanceof WindowName.Lobby ? "earlier in the chat" : "earlier in " + where.label()));
        for (PushedLine line : lines) {
            block.append('\n').append(rendered(line));
        }
        show(where, block.append('\n').append(renderer.marker("you are here")).toAttributedString());
    }

    @Override
    public void caughtUp(WindowName where, List<PushedLine> missed, boolean sure) {
        if (!sure) {
            show(where, renderer.info("Could not tell exactly where you left off: some lines below may repeat"
                    + " lines you saw, and some may be missing."));
        }
        if (missed.isEmpty()) {
            show(where, renderer.marker("nothing was said while you were away"));
            return;
        }
        show(where, renderer.marker("while you were away"));
        missed.forEach(line -> show(where, line));
        show(where, renderer.marker("you are here"));
    }

    @Override
    public void joined(ChatName name, boolean again) {
        show(new WindowName.Lobby(), renderer.info(again ? "Reconnected as " + name + "."
                : "You joined as " + name + ". Type a message and press Enter; /help for commands."));
    }

    @Override
    public void roster(WindowName where, Roster roster) {
        show(where, where instanceof WindowName.Room room ? renderer.roster(room.label(), roster)
                : renderer.roster(roster));
    }

    @Override
    public void enteredRoom(WindowName.Room room, boolean again) {
        rooms.add(room.label());
        show(room, renderer.info(again ? "Rejoined " + room.label() + "."
                : "You joined " + room.label() + ". Lines you type here go to it; /part leaves it."));
    }

    @Override
    public void leftRoom(WindowName.Room room, Optional<String> why) {
        show(why.isPresent() ? renderer.error("could not rejoin " + room.label() + ": " + why.get())
                : renderer.info("You left " + room.label() + "."));
    }

    @Override
    public void ended(Ending ending, String draft) {
        boolean lostInput = ending instanceof Ending.ServerGone || ending instanceof Ending.Terminated;
        if (lostInput && !draft.isBlank()) {
            show(renderer.info("Not sent: " + draft));
        }
        show(switch (ending) {
            case Ending.Quit quit -> renderer.info("You left the chat.");
            case Ending.Interrupted interrupted -> renderer.info("Interrupted: you left the chat.");
            case Ending.Terminated terminated -> renderer.info("Terminated: you left the chat.");
            case Ending.NameRefused refused -> renderer.error("name refused: " + refused.reason());
            case Ending.ServerGone gone -> renderer.error("disconnected: " + gone.how());
            case Ending.Failed failed -> renderer.error("internal error: " + failed.cause());
        });
    }
}
