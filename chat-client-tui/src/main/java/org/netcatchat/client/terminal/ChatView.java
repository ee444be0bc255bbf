package org.netcatchat.client.terminal;

import java.util.Objects;
import java.util.Optional;
import org.netcatchat.client.connection.Answer;
import org.netcatchat.client.connection.Incoming;
import org.netcatchat.client.render.Renderer;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;

/**
 * What the server sends, on the screen: the connection's listener. It also tracks the user's current name,
 * which only the server's ACK of a {@code name} makes true.
 *
 * <p>{@link #show} runs on the connection's reader thread only; {@link #me()} may be read from any thread.
 */
final class ChatView {
    /** Test-only: {@code -Dnetcatchat.client.fault=listener} throws here, where a rendering bug would. */
    private static final boolean FAULT = "listener".equals(System.getProperty("netcatchat.client.fault"));

    private final Screen screen;
    private final Renderer renderer;
    /** The user's name once a {@code name} was ACKed. Written by the reader thread. */
    private volatile Optional<ChatName> me = Optional.empty();
    /** How many plain server lines (the greeting) came so far. Reader thread only. */
    private int serverTextLines;

    ChatView(Screen screen, Renderer renderer) {
        this.screen = Objects.requireNonNull(screen, "screen");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    Optional<ChatName> me() {
        return me;
    }

    void show(Incoming incoming) {
        switch (incoming) {
            case Incoming.Pushed pushed -> {
                if (FAULT) {
                    throw new IllegalStateException("injected fault (netcatchat.client.fault=listener)");
                }
                screen.show(renderer.pushed(pushed.line(), me));
            }
            case Incoming.Text text ->
                    renderer.serverText(text.text(), serverTextLines++, me.isPresent()).ifPresent(screen::show);
            case Incoming.Answered answered -> answered(answered.command(), answered.answer());
            case Incoming.StrayError stray -> screen.show(renderer.error(stray.reason()));
        }
    }

    private void answered(Command command, Answer answer) {
        switch (answer) {
            case Answer.Ok ok -> {
                if (command instanceof Command.Name name) {
                    me = Optional.of(name.name());
                    screen.changePrompt(renderer.prompt(me));
                } else if (command instanceof Command.Hist) {
                    screen.show(renderer.info("--- end of history ---"));
                }
            }
            case Answer.Refused refused -> screen.show(renderer.refused(command, refused.reason()));
            case Answer.Unanswered unanswered -> {
                // never an Incoming: the connection ended, and the session's ending says so
            }
        }
    }
}
