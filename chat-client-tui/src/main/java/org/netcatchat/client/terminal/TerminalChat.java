package org.netcatchat.client.terminal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
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
import org.netcatchat.client.session.ChatClient;
import org.netcatchat.client.session.Ending;
import org.netcatchat.client.session.Backoff;
import org.netcatchat.client.session.ChatSession;
import org.netcatchat.client.session.SessionEnd;
import org.netcatchat.client.connection.Answer;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.connection.Dial;
import org.netcatchat.client.render.Renderer;
import org.netcatchat.client.render.Theme;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.client.input.InputInterpreter;
import org.netcatchat.protocol.Password;

/**
 * The chat in a terminal: a name prompt, then a chat screen.
 *
 * <p>Threads. The thread that calls {@link #run} is the input thread: it reads lines, sends commands, and is
 * the only one that leaves the chat and restores the terminal. The session itself ({@link ChatSession}) is
 * shared with the piped mode; this class is the terminal's input loop, and {@link ChatView} how it looks. The
 * connection's reader thread prints what arrives above the input line. Everything else that can end the session (Ctrl+C outside
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
    /**
     * How long a Tab right after joining waits for the server's answer to {@code list}: it comes within
     * milliseconds from a working server; this only bounds the wait on one that never answers.
     */
    private static final Duration NAMES_PATIENCE = Duration.ofSeconds(3);
    /** Test-only: {@code -Dnetcatchat.client.fault=input} throws where a bug would (see TerminalSafetyIT). */
    private static final boolean FAULT = "input".equals(System.getProperty("netcatchat.client.fault"));

    private final Optional<String> suggestedName;
    private final boolean noColor;
    private final boolean bell;
    private final Optional<Dial> redial;
    private final Optional<Path> historyFile;
    private final SessionEnd end;
    private final CompletableFuture<Void> restored = new CompletableFuture<>();
    /** Set once the terminal is open, for the shutdown hook's last resort. */
    private volatile Optional<Screen> screen = Optional.empty();
    /** Set once the terminal is open. Input thread only. */
    private Renderer renderer = new Renderer(Theme.plain(), Clock.systemDefaultZone());

    /**
     * Call on the thread that will call {@link #run}.
     *
     * @param suggestedName pre-filled at the name prompt
     * @param noColor       plain output (the NO_COLOR variable and the terminal's colours are consulted too)
     * @param bell          ring the bell when someone mentions the user ({@code --no-bell} turns it off)
     * @param redial        how to reconnect when the connection drops; empty: a drop ends the session
     * @param historyFile   where typed lines are kept between sessions ({@link InputHistory}); empty: not kept
     */
    public TerminalChat(Optional<String> suggestedName, boolean noColor, boolean bell, Optional<Dial> redial,
            Optional<Path> historyFile) {
        this.historyFile = Objects.requireNonNull(historyFile, "historyFile");
        this.suggestedName = Objects.requireNonNull(suggestedName, "suggestedName");
        this.noColor = noColor;
        this.bell = bell;
        this.redial = Objects.requireNonNull(redial, "redial");
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
            opened = Screen.open(historyFile);
        } catch (IOException | RuntimeException e) {
            connection.close();
            return new Ending.Failed(e);
        }
        try (Screen s = opened) {
            screen = Optional.of(s);
            renderer = new Renderer(Theme.choose(noColor, Optional.ofNullable(System.getenv("NO_COLOR")),
                    s.colours()), Clock.systemDefaultZone());
            ChatView view = new ChatView(s, renderer, bell);
            ChatSession session = new ChatSession(connection, redial, Backoff.standard(), view, end, QUIT_GRACE);
            s.onInterrupt(() -> end.end(new Ending.Interrupted()));
            session.start();
            join(session, s);
            // From the chat prompt on, not at the name prompt: there no list is on its way to wait for.
            s.completeNames(() -> session.presence().names(NAMES_PATIENCE));
            s.completeRooms(view::rooms);
            s.onWindowKeys(new Screen.WindowKeys() {
                @Override
                public void select(int number) {
                    session.selectWindow(number);
                }

                @Override
                public void next(boolean forward) {
                    session.nextWindow(forward);
                }
            });
            String draft = chat(session, s, view);
            return session.leave(draft);
        } catch (RuntimeException | Error e) {
            end.end(new Ending.Failed(e));
            connection.close();
            return end.ending().join();
        }
    }

    private void join(ChatSession session, Screen s) {
        String suggestion = suggestedName.orElse("");
        s.show(renderer.info("Connected to " + session.peer() + ". Choose a name (Ctrl+D to leave)."));
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
                    Optional<Answer> answer = session.joinAs(valid.name());
                    if (answer.isPresent() && answer.get() instanceof Answer.Refused refused
                            && refused.reason().startsWith("name registered: ") && !refused.reason().contains("wrong password")) {
                        // A registered name: its password, asked for without echo and kept out of the input history.
                        Optional<Password> password = secret(s, "Password for " + valid.name() + ": ");
                        if (password.isEmpty()) {
                            continue; // Ctrl+C, Ctrl+D or a password that cannot be one (said): the name again
                        }
                        answer = session.joinAs(valid.name(), password);
                    }
                    if (answer.isEmpty()) {
                        return; // the session ended while waiting
                    }
                    if (answer.get() instanceof Answer.Ok) {
                        return; // "You joined as ..." comes from the reader thread, after the replay
                    }
                    // refused (shown by the reader thread) or not sent (shown by the session): ask again
                }
            }
        }
    }

    /**
     * A password read without echo; empty after Ctrl+C or Ctrl+D (nothing is sent then) or when it cannot be one
     * (the reason is shown).
     */
    private Optional<Password> secret(Screen s, String prompt) {
        String typed;
        try {
            typed = s.readSecret(new AttributedString(prompt));
        } catch (UserInterruptException | EndOfFileException e) {
            s.show(renderer.info("No password given; nothing was sent."));
            return Optional.empty();
        }
        Optional<String> problem = Password.problemWith(typed);
        if (problem.isPresent()) {
            s.show(renderer.error(problem.get() + "; nothing was sent"));
            return Optional.empty();
        }
        return Optional.of(new Password(typed));
    }

    /** Reads and sends lines until the session ends; returns the line being typed then, if any. */
    private String chat(ChatSession session, Screen s, ChatView view) {
        while (!end.isEnded()) {
            Screen.Line typed;
            try {
                typed = s.readLine(view::prompt);
            } catch (UserInterruptException e) {
                end.end(new Ending.Interrupted());
                return e.getPartialLine() == null ? "" : e.getPartialLine();
            } catch (EndOfFileException e) {
                end.end(new Ending.Quit());
                return "";
            }
            if (FAULT && !typed.text().isBlank()) {
                throw new IllegalStateException("injected fault (netcatchat.client.fault=input)");
            }
            if (!typed.pasted() && InputInterpreter.isPassword(typed.text())) {
                if (!typed.text().strip().equalsIgnoreCase("/pass")) {
                    s.show(renderer.error("type /pass alone: the password is then asked for without echo (what was"
                            + " typed was not sent)"));
                    continue;
                }
                Optional<Password> password = secret(s, "New password: ");
                Optional<Password> again = password.isEmpty() ? Optional.empty() : secret(s, "Again: ");
                if (again.isEmpty()) {
                    continue;
                }
                if (!again.equals(password)) {
                    s.show(renderer.error("the two passwords differ; nothing was sent"));
                    continue;
                }
                try {
                    session.sendPassword(password.get());
                } catch (InterruptedException e) {
                    return "";
                }
                continue;
            }
            try {
                if (typed.pasted()) {
                    session.paste(typed.text()); // pasted text is text: a pasted /quit is not run
                } else {
                    session.type(typed.text());
                }
            } catch (InterruptedException e) {
                return ""; // the session ended while the line waited for room; the ending says why
            }
        }
        return "";
    }
}
