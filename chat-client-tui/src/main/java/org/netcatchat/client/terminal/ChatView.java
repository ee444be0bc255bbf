package org.netcatchat.client.terminal;

import java.util.Objects;
import java.util.Optional;
import org.netcatchat.client.render.Renderer;
import org.netcatchat.client.session.Ending;
import org.netcatchat.client.session.FrontEnd;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;

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
    private final Renderer renderer;
    /** The user's name once a {@code name} was ACKed, for styling their own lines. */
    private volatile Optional<ChatName> me = Optional.empty();
    /** How many plain server lines (the greeting) came so far. Reader thread only. */
    private int serverTextLines;

    ChatView(Screen screen, Renderer renderer) {
        this.screen = Objects.requireNonNull(screen, "screen");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    @Override
    public void pushed(PushedLine line) {
        if (FAULT) {
            throw new IllegalStateException("injected fault (netcatchat.client.fault=listener)");
        }
        screen.show(renderer.pushed(line, me));
    }

    @Override
    public void serverText(String text, boolean joined) {
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
        screen.changePrompt(renderer.prompt(me));
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
