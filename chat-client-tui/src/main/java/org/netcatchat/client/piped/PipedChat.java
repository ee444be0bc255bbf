package org.netcatchat.client.piped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.netcatchat.client.ChatClient;
import org.netcatchat.client.ClientOptions;
import org.netcatchat.client.Ending;
import org.netcatchat.client.SessionEnd;
import org.netcatchat.client.connection.Answer;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.connection.Incoming;
import org.netcatchat.client.input.Input;
import org.netcatchat.client.input.InputInterpreter;
import org.netcatchat.client.render.Renderer;
import org.netcatchat.client.render.Theme;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Printable;

/**
 * The chat without a terminal, for scripts: joins with {@code --name}, sends each input line as a message
 * (lines starting with {@code /} are still commands), prints every chat line received to stdout exactly as
 * the server sent it (control characters replaced), and leaves with {@code quit} when input ends. The
 * greeting, refusals and the reason the session ended go to stderr, so stdout is a clean transcript.
 *
 * <p>Threads: the {@link #run} thread joins, then waits for the session to end and leaves; a platform
 * daemon thread reads the input (a read from a pipe cannot be interrupted, so nobody waits for it); the
 * connection's reader thread prints. Input waits for room in the connection's queue: a script that types
 * faster than the network is slowed down, not dropped.
 */
public final class PipedChat implements ChatClient {
    /** Time to deliver what is queued and print the echoes after input ends. */
    private static final Duration QUIT_GRACE = Duration.ofSeconds(5);
    /** On a signal, leave faster: the shutdown hook waits only so long. */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(2);

    private final ChatName name;
    private final InputStream input;
    private final PrintStream out;
    private final PrintStream err;
    private final SessionEnd end = new SessionEnd(() -> { });
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final InputInterpreter interpreter = new InputInterpreter();
    private final Renderer plain = new Renderer(Theme.plain(), Clock.systemDefaultZone());

    /** @throws IllegalArgumentException when {@code options} has no valid name (Main checks that first) */
    public PipedChat(ClientOptions options, InputStream input, PrintStream out, PrintStream err) {
        String typed = options.name().orElseThrow(() -> new IllegalArgumentException("piped mode needs --name"));
        this.name = switch (ChatName.parse(typed)) {
            case ChatName.Result.Valid valid -> valid.name();
            case ChatName.Result.Invalid invalid -> throw new IllegalArgumentException(invalid.reason());
        };
        this.input = Objects.requireNonNull(input, "input");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    @Override
    public Ending run(Connection connection) {
        try {
            connection.start(this::show);
            connection.closed().thenAccept(closure -> Ending.after(closure).ifPresent(end::end));
            CompletableFuture<Answer> joined = connection.send(new Command.Name(name));
            CompletableFuture.anyOf(joined, end.ending()).join();
            if (joined.getNow(Answer.OK) instanceof Answer.Refused refused) {
                end.end(new Ending.NameRefused(refused.reason()));
            }
            if (!end.isEnded()) {
                Thread.ofPlatform().daemon().name("client-input").start(() -> readInput(connection));
            }
            Ending ending = end.ending().join();
            leave(connection, ending);
            return ending;
        } catch (RuntimeException | Error e) {
            connection.close();
            err.println("chat-client-tui: internal error; please report it with this trace:");
            e.printStackTrace(err);
            return new Ending.Failed(e);
        } finally {
            out.flush();
            finished.complete(null);
        }
    }

    @Override
    public void terminate(Duration patience) {
        end.end(new Ending.Terminated());
        try {
            finished.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // nothing to restore without a terminal
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readInput(Connection connection) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            while (!end.isEnded() && (line = lines.readLine()) != null) {
                for (Input each : interpreter.interpretAll(line)) {
                    act(each, connection);
                }
            }
            end.end(new Ending.Quit());
        } catch (IOException e) {
            end.end(new Ending.Quit()); // input is gone: leave as at its end
        } catch (InterruptedException e) {
            end.end(new Ending.Terminated());
        } catch (RuntimeException | Error e) {
            end.end(new Ending.Failed(e));
        }
    }

    private void act(Input each, Connection connection) throws InterruptedException {
        switch (each) {
            case Input.Send send -> {
                if (connection.sendWaitingForRoom(send.command()).getNow(Answer.OK)
                        instanceof Answer.Unanswered unanswered && !end.isEnded()) {
                    err.println(plain.error("not sent: " + unanswered.reason()));
                }
            }
            case Input.Help help -> err.println(Renderer.helpText());
            case Input.Quit quit -> end.end(new Ending.Quit());
            case Input.Mistake mistake -> err.println(plain.error(mistake.explanation()));
            case Input.Nothing nothing -> {
            }
        }
    }

    /** The reader thread: chat lines to stdout, everything else to stderr. */
    private void show(Incoming incoming) {
        switch (incoming) {
            case Incoming.Pushed pushed -> out.println(Printable.clean(pushed.line().render()));
            case Incoming.Text text -> err.println(Printable.clean(text.text()));
            case Incoming.Answered answered -> {
                if (answered.answer() instanceof Answer.Refused refused) {
                    err.println(plain.refused(answered.command(), refused.reason()));
                }
            }
            case Incoming.StrayError stray -> err.println(plain.error(stray.reason()));
        }
    }

    private void leave(Connection connection, Ending ending) {
        switch (ending) {
            case Ending.Quit quit -> quitPolitely(connection, QUIT_GRACE);
            case Ending.Interrupted interrupted -> quitPolitely(connection, SIGNAL_GRACE);
            case Ending.Terminated terminated -> quitPolitely(connection, SIGNAL_GRACE);
            case Ending.NameRefused refused -> quitPolitely(connection, SIGNAL_GRACE);
            case Ending.ServerGone gone -> {
                connection.close();
                err.println(plain.error("disconnected: " + gone.how()));
            }
            case Ending.Failed failed -> {
                connection.close();
                err.println("chat-client-tui: internal error; please report it with this trace:");
                failed.cause().printStackTrace(err);
            }
        }
    }

    private static void quitPolitely(Connection connection, Duration grace) {
        try {
            connection.quit(grace);
        } catch (InterruptedException e) {
            connection.close();
            Thread.currentThread().interrupt();
        }
    }
}
