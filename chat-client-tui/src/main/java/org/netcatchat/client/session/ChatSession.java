package org.netcatchat.client.session;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.netcatchat.client.connection.Answer;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.connection.Incoming;
import org.netcatchat.client.input.Input;
import org.netcatchat.client.input.InputInterpreter;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;

/**
 * One chat session, written once for every front end: joining, what each line the user types does, what
 * each server reply means, and leaving the way the {@link Ending} calls for. How it looks is the
 * {@link FrontEnd}'s business (the terminal screen, or a script's stdout and stderr).
 *
 * <p>Threads: {@link #joinAs}, {@link #type} and {@link #leave} are called by the front end's input thread;
 * the connection's reader thread calls the front end through {@link #received}. Anything that ends the
 * session goes through the {@link SessionEnd}.
 */
public final class ChatSession {
    /** After this long without an answer to {@code name}, say why we wait (the server may be full). */
    private static final Duration ADMISSION_NOTICE = Duration.ofSeconds(2);
    /** On a signal, leave fast: the shutdown hook waits only so long. */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(2);

    private final Connection connection;
    private final FrontEnd front;
    private final SessionEnd end;
    private final Duration quitGrace;
    private final InputInterpreter interpreter = new InputInterpreter();
    /** The user's name once a {@code name} was ACKed. Written by the reader thread. */
    private volatile Optional<ChatName> me = Optional.empty();

    /** @param quitGrace how long leaving waits for the server to close after {@code quit}, so queued lines arrive */
    public ChatSession(Connection connection, FrontEnd front, SessionEnd end, Duration quitGrace) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.front = Objects.requireNonNull(front, "front");
        this.end = Objects.requireNonNull(end, "end");
        this.quitGrace = Objects.requireNonNull(quitGrace, "quitGrace");
    }

    /** Starts reading what the server sends; a connection that ends ends the session (unless we closed it). */
    public void start() {
        connection.start(this::received);
        connection.closed().thenAccept(closure -> Ending.after(closure).ifPresent(end::end));
    }

    public String peer() {
        return connection.peer();
    }

    public Optional<ChatName> me() {
        return me;
    }

    /**
     * Sends {@code name} and waits for its answer, saying after a while why we wait.
     *
     * @return the answer, or empty when the session ended first (Ctrl+C, server gone, SIGTERM)
     */
    public Optional<Answer> joinAs(ChatName name) {
        CompletableFuture<Answer> answer = connection.send(new Command.Name(name));
        CompletableFuture<Object> either = CompletableFuture.anyOf(answer, end.ending());
        try {
            try {
                either.get(ADMISSION_NOTICE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                front.note("Waiting for the server to let us in (it may be full); Ctrl+C gives up.");
                either.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the session is ending: whoever interrupted us says why
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("answers never complete exceptionally", e);
        }
        if (!answer.isDone() || end.isEnded()) {
            return Optional.empty();
        }
        Answer got = answer.join();
        if (got instanceof Answer.Unanswered unanswered) {
            front.problem("not sent: " + unanswered.reason());
        }
        return Optional.of(got);
    }

    /**
     * What the user typed (a pasted block may hold several lines): each line is a message or a command.
     * Waits while the connection's queue is full, so fast input is slowed down rather than dropped.
     *
     * @throws InterruptedException when the session ends while waiting
     */
    public void type(String typed) throws InterruptedException {
        for (Input input : interpreter.interpretAll(typed)) {
            if (end.isEnded()) {
                return;
            }
            act(input);
        }
    }

    private void act(Input input) throws InterruptedException {
        switch (input) {
            case Input.Send send -> {
                if (send.command() instanceof Command.Hist) {
                    front.historyBegins();
                }
                Answer now = connection.sendWaitingForRoom(send.command()).getNow(Answer.OK);
                if (now instanceof Answer.Unanswered unanswered && !end.isEnded()) {
                    front.problem("not sent: " + unanswered.reason());
                }
            }
            case Input.Help help -> front.help();
            case Input.Quit quit -> end.end(new Ending.Quit());
            case Input.Mistake mistake -> front.problem(mistake.explanation());
            case Input.Nothing nothing -> {
            }
        }
    }

    /**
     * Waits for the session's end, leaves the chat the way it calls for (politely with {@code quit} when the
     * user or a signal chose to go; at once when the server is gone or on a bug), and has the front end say why.
     *
     * @param draft what the user had typed and not sent, shown as not sent when the ending loses it
     */
    public Ending leave(String draft) {
        Ending ending = end.ending().join();
        Thread.interrupted(); // the wake-up interrupt has done its job; the waits below must not see it
        switch (ending) {
            case Ending.Quit quit -> quitPolitely(quitGrace);
            case Ending.Interrupted interrupted -> quitPolitely(SIGNAL_GRACE);
            case Ending.Terminated terminated -> quitPolitely(SIGNAL_GRACE);
            case Ending.NameRefused refused -> quitPolitely(SIGNAL_GRACE);
            case Ending.ServerGone gone -> connection.close();
            case Ending.Failed failed -> connection.close();
        }
        front.ended(ending, draft);
        return ending;
    }

    /** Closes at once, without a word to the server: for a failure before the session could start. */
    public void abort() {
        connection.close();
    }

    /** The reader thread: what the server sent. */
    private void received(Incoming incoming) {
        switch (incoming) {
            case Incoming.Pushed pushed -> front.pushed(pushed.line());
            case Incoming.Text text -> front.serverText(text.text(), me.isPresent());
            case Incoming.Answered answered -> answered(answered.command(), answered.answer());
            case Incoming.StrayError stray -> front.problem(stray.reason());
        }
    }

    private void answered(Command command, Answer answer) {
        switch (answer) {
            case Answer.Ok ok -> {
                switch (command) {
                    case Command.Name name -> {
                        me = Optional.of(name.name());
                        front.named(name.name());
                    }
                    case Command.Hist hist -> front.historyEnds();
                    case Command.Text text -> {
                    }
                    case Command.List list -> {
                    }
                    case Command.Quit quit -> {
                    }
                }
            }
            case Answer.Refused refused -> front.refused(command, refused.reason());
            case Answer.Unanswered unanswered -> {
                // never an Incoming: the connection ended, and the session's ending says so
            }
        }
    }

    private void quitPolitely(Duration grace) {
        try {
            connection.quit(grace);
        } catch (InterruptedException e) {
            connection.close();
            Thread.currentThread().interrupt();
        }
    }
}
