package org.netcatchat.client.terminal;

import java.util.List;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.netcatchat.client.render.Renderer;
import org.netcatchat.client.session.Ending;
import org.netcatchat.client.session.FrontEnd;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.TimeZoneLine;
import org.netcatchat.protocol.Roster;

/**
 * The chat session on the screen: the terminal's {@link FrontEnd}. Everything is printed above the input line.
 *
 * <p>Thread-safe as {@link FrontEnd} asks: the screen takes the line reader's lock; {@link #me} is volatile and
 * the greeting counter is touched by the reader thread only.
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

    /** @param bell ring the terminal bell once for each live line that mentions the user */
    ChatView(Screen screen, Renderer renderer, boolean bell) {
        this.screen = Objects.requireNonNull(screen, "screen");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.bell = bell;
    }

    /** A live line: a mention of the user rings the bell (history and replay never do). */
    @Override
    public void pushed(PushedLine line) {
        show(line);
        if (bell && Renderer.mentions(line, me)) {
            screen.bell();
        }
    }

    private void show(PushedLine line) {
        screen.show(rendered(line));
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
        renderer.serverText(text, serverTextLines++, joined).ifPresent(screen::show);
    }

    @Override
    public void refused(Command command, String reason) {
        screen.show(renderer.refused(command, reason));
    }

    @Override
    public void problem(String text) {
        screen.show(renderer.error(text));
    }

    @Override
    public void note(String text) {
        screen.show(renderer.info(text));
    }

    @Override
    public void help() {
        screen.show(renderer.help());
    }

    @Override
    public void named(ChatName name) {
        me = Optional.of(name);
        screen.changePrompt(prompt());
    }

    /** The input prompt: the user's name, and how many messages are still on their way. */
    AttributedString prompt() {
        return renderer.prompt(me, waiting);
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
        screen.show(renderer.info("--- history ---"));
    }

    @Override
    public void historyEnds() {
        screen.show(renderer.info("--- end of history ---"));
    }

    @Override
    public boolean marksReplay() {
        return true;
    }

    @Override
    public void replayed(List<PushedLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        // One print for the whole replay, not one per line: each print above the input line redraws it.
        AttributedStringBuilder block = new AttributedStringBuilder().append(renderer.marker("earlier in the chat"));
        for (PushedLine line : lines) {
            block.append('\n').append(rendered(line));
        }
        screen.show(block.append('\n').append(renderer.marker("you are here")).toAttributedString());
    }

    @Override
    public void caughtUp(List<PushedLine> missed, boolean sure) {
        if (!sure) {
            screen.show(renderer.info("Could not tell exactly where you left off: some lines below may repeat"
                    + " lines you saw, and some may be missing."));
        }
        if (missed.isEmpty()) {
            screen.show(renderer.marker("nothing was said while you were away"));
            return;
        }
        screen.show(renderer.marker("while you were away"));
        missed.forEach(this::show);
        screen.show(renderer.marker("you are here"));
    }

    @Override
    public void joined(ChatName name, boolean again) {
        screen.show(renderer.info(again ? "Reconnected as " + name + "."
                : "You joined as " + name + ". Type a message and press Enter; /help for commands."));
    }

    @Override
    public void roster(Roster roster) {
        screen.show(renderer.roster(roster));
    }

    @Override
    public void ended(Ending ending, String draft) {
        boolean lostInput = ending instanceof Ending.ServerGone || ending instanceof Ending.Terminated;
        if (lostInput && !draft.isBlank()) {
            screen.show(renderer.info("Not sent: " + draft));
        }
        screen.show(switch (ending) {
            case Ending.Quit quit -> renderer.info("You left the chat.");
            case Ending.Interrupted interrupted -> renderer.info("Interrupted: you left the chat.");
            case Ending.Terminated terminated -> renderer.info("Terminated: you left the chat.");
            case Ending.NameRefused refused -> renderer.error("name refused: " + refused.reason());
            case Ending.ServerGone gone -> renderer.error("disconnected: " + gone.how());
            case Ending.Failed failed -> renderer.error("internal error: " + failed.cause());
        });
    }
}
