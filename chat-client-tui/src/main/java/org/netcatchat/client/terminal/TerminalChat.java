package org.netcatchat.client.terminal;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.UserInterruptException;
import org.jline.utils.AttributedString;
import org.netcatchat.client.ChatClient;
import org.netcatchat.client.ClientOptions;
import org.netcatchat.client.Ending;
import org.netcatchat.client.SessionEnd;
import org.netcatchat.client.connection.Answer;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.input.Input;
import org.netcatchat.client.input.InputInterpreter;
import org.netcatchat.client.render.Renderer;
import org.netcatchat.client.render.Theme;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;

/**
 * The chat in a terminal: a name prompt, then a chat screen.
 *
 * <p>Threads. The thread that calls {@link #run} is the input thread: it reads lines, sends commands, and is
 * the only one that leaves the chat and restores the terminal. The connection's reader thread prints what
 * arrives above the input line ({@link ChatView}). Everything else that can end the session (Ctrl+C outside
 * a readLine, the server going away, the shutdown hook on SIGTERM) goes through {@link SessionEnd}, which
 * interrupts the input thread; a JLine readLine turns that interrupt into a {@code UserInterruptException}.
 *
 * <p>Every way out leaves through one {@code try (screen)}: /quit, Ctrl+D, Ctrl+C, SIGTERM, server gone,
 * and any exception. If the input thread is stuck, {@link #terminate} restores the terminal from the
 * shutdown hook; JLine's own shutdown hook also restores what it knows of it.
 */
public final class TerminalChat implements ChatClient {
    /** How long /quit waits for the server to close after {@code quit}, so the last lines are delivered. */
    private static final Duration QUIT_GRACE = Duration.ofSeconds(2);
    /** After this long without an answer to {@code name}, say why we wait (the server may be full). */
    private static final Duration ADMISSION_NOTICE = Duration.ofSeconds(2);
    /** Test-only: {@code -Dnetcatchat.client.fault=input} throws where a bug would (see TerminalSafetyIT). */
    private static final boolean FAULT = "input".equals(System.getProperty("netcatchat.client.fault"));

    private final ClientOptions options;
    private final SessionEnd end;
    private final CompletableFuture<Void> restored = new CompletableFuture<>();
    private final InputInterpreter interpreter = new InputInterpreter();
    /** Set once the terminal is open, for the shutdown hook's last resort. */
    private volatile Optional<Screen> screen = Optional.empty();
    /** The input line when the session ended under the user, shown as not sent. Input thread only. */
    private String unsent = "";
    /** Set once the terminal is open. Input thread only. */
    private Renderer renderer = new Renderer(Theme.plain(), Clock.systemDefaultZone());

    /** Call on the thread that will call {@link #run}. */
    public TerminalChat(ClientOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.end = SessionEnd.interrupting(Thread.currentThread());
    }

    @Override
    public Ending run(Connection connection) {
        try {
            Ending ending = runOnTerminal(connection);
            if (ending instanceof Ending.Failed failed) {
                // The terminal is restored by now: the trace cannot garble it.
                PrintStream err = System.err;
                err.println("chat-client-tui: internal error; please report it with this trace:");
                failed.cause().printStackTrace(err);
            }
            return ending;
        } finally {
            restored.complete(null);
        }
    }

    @Override
    public void terminate(Duration patience) {
        end.end(new Ending.Terminated());
        try {
            restored.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            screen.ifPresent(Screen::close); // the input thread is stuck: restore the terminal from here
        } catch (InterruptedException e) {
            screen.ifPresent(Screen::close);
            Thread.currentThread().interrupt();
        }
    }

    private Ending runOnTerminal(Connection connection) {
        Screen opened;
        try {
            opened = Screen.open();
        } catch (IOException | RuntimeException e) {
            connection.close();
            return new Ending.Failed(e);
        }
        try (Screen s = opened) {
            screen = Optional.of(s);
            renderer = new Renderer(Theme.choose(options.noColor(), Optional.ofNullable(System.getenv("NO_COLOR")),
                    s.colours()), Clock.systemDefaultZone());
            ChatView view = new ChatView(s, renderer);
            s.onInterrupt(() -> end.end(new Ending.Interrupted()));
            connection.start(view::show);
            connection.closed().thenAccept(closure -> Ending.after(closure).ifPresent(end::end));
            join(connection, s);
            chat(connection, s, view);
            Thread.interrupted(); // the wake-up interrupt has done its job; waits below must not see it
            Ending ending = end.ending().join();
            leave(connection, s, ending);
            return ending;
        } catch (RuntimeException | Error e) {
            end.end(new Ending.Failed(e));
            connection.close();
            return end.ending().join();
        }
    }

    private void join(Connection connection, Screen s) {
        String suggestion = options.name().orElse("");
        s.show(renderer.info("Connected to " + connection.peer() + ". Choose a name (Ctrl+D to leave)."));
        while (!end.isEnded()) {
            String typed;
            try {
                typed = s.readLine(new AttributedString("Your name: "), suggestion).strip();
            } catch (UserInterruptException e) {
                end.end(new Ending.Interrupted());
                return;
            } catch (EndOfFileException e) {
                end.end(new Ending.Quit());
                return;
            }
            if (typed.equalsIgnoreCase("/quit")) {
                end.end(new Ending.Quit());
                return;
            }
            if (typed.isEmpty()) {
                continue;
            }
            suggestion = typed;
            switch (ChatName.parse(typed)) {
                case ChatName.Result.Invalid invalid -> s.show(renderer.error("invalid name: " + invalid.reason()));
                case ChatName.Result.Valid valid -> {
                    Optional<Answer> answer = await(connection.send(new Command.Name(valid.name())), s);
                    if (answer.isEmpty()) {
                        return; // the session ended while waiting
                    }
                    switch (answer.get()) {
                        case Answer.Ok ok -> {
                            s.show(renderer.info("You joined as " + valid.name()
                                    + ". Type a message and press Enter; /help for commands."));
                            return;
                        }
                        case Answer.Refused refused -> {
                            // shown by the reader thread; ask again
                        }
                        case Answer.Unanswered unanswered -> {
                            if (!end.isEnded()) {
                                s.show(renderer.error("not sent: " + unanswered.reason()));
                            }
                        }
                    }
                }
            }
        }
    }

    /** Waits for {@code answer}; empty when the session ended first (Ctrl+C, server gone). */
    private Optional<Answer> await(CompletableFuture<Answer> answer, Screen s) {
        try {
            try {
                return Optional.of(answer.get(ADMISSION_NOTICE.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                s.show(renderer.info("Waiting for the server to let us in (it may be full); Ctrl+C gives up."));
                return Optional.of(answer.get());
            }
        } catch (InterruptedException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("answers never complete exceptionally", e);
        }
    }

    private void chat(Connection connection, Screen s, ChatView view) {
        while (!end.isEnded()) {
            String typed;
            try {
                typed = s.readLine(renderer.prompt(view.me()));
            } catch (UserInterruptException e) {
                unsent = e.getPartialLine() == null ? "" : e.getPartialLine();
                end.end(new Ending.Interrupted());
                return;
            } catch (EndOfFileException e) {
                end.end(new Ending.Quit());
                return;
            }
            for (Input input : interpreter.interpretAll(typed)) {
                if (end.isEnded()) {
                    return;
                }
                act(input, connection, s);
            }
        }
    }

    private void act(Input input, Connection connection, Screen s) {
        switch (input) {
            case Input.Send send -> {
                if (FAULT) {
                    throw new IllegalStateException("injected fault (netcatchat.client.fault=input)");
                }
                if (send.command() instanceof Command.Hist) {
                    s.show(renderer.info("--- history ---"));
                }
                CompletableFuture<Answer> answer = connection.send(send.command());
                if (answer.getNow(Answer.OK) instanceof Answer.Unanswered unanswered && !end.isEnded()) {
                    s.show(renderer.error("not sent: " + unanswered.reason()));
                }
            }
            case Input.Help help -> s.show(renderer.help());
            case Input.Quit quit -> end.end(new Ending.Quit());
            case Input.Mistake mistake -> s.show(renderer.error(mistake.explanation()));
            case Input.Nothing nothing -> {
            }
        }
    }

    /** Leaves the chat the way the ending calls for, and says why on the screen, before it is restored. */
    private void leave(Connection connection, Screen s, Ending ending) {
        switch (ending) {
            case Ending.Quit quit -> quitPolitely(connection);
            case Ending.Interrupted interrupted -> quitPolitely(connection);
            case Ending.Terminated terminated -> quitPolitely(connection);
            case Ending.NameRefused refused -> quitPolitely(connection);
            case Ending.ServerGone gone -> connection.close();
            case Ending.Failed failed -> connection.close();
        }
        boolean lostInput = ending instanceof Ending.ServerGone || ending instanceof Ending.Terminated;
        if (lostInput && !unsent.isBlank()) {
            s.show(renderer.info("Not sent: " + unsent));
        }
        s.show(switch (ending) {
            case Ending.Quit quit -> renderer.info("You left the chat.");
            case Ending.Interrupted interrupted -> renderer.info("Interrupted: you left the chat.");
            case Ending.Terminated terminated -> renderer.info("Terminated: you left the chat.");
            case Ending.NameRefused refused -> renderer.error("name refused: " + refused.reason());
            case Ending.ServerGone gone -> renderer.error("disconnected: " + gone.how());
            case Ending.Failed failed -> renderer.error("internal error: " + failed.cause());
        });
    }

    private static void quitPolitely(Connection connection) {
        try {
            connection.quit(QUIT_GRACE);
        } catch (InterruptedException e) {
            connection.close();
            Thread.currentThread().interrupt();
        }
    }
}
