package org.netcatchat.client.piped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.netcatchat.client.session.ChatClient;
import org.netcatchat.client.session.Ending;
import org.netcatchat.client.session.Backoff;
import org.netcatchat.client.session.ChatSession;
import org.netcatchat.client.session.SessionEnd;
import org.netcatchat.client.connection.Answer;
import org.netcatchat.client.connection.Connection;
import org.netcatchat.client.connection.Dial;
import org.netcatchat.protocol.ChatName;

/**
 * The chat without a terminal, for scripts: joins with {@code --name}, sends each input line as a message
 * (lines starting with {@code /} are still commands), prints every chat line received to stdout exactly as
 * the server sent it (control characters replaced), and leaves with {@code quit} when input ends. The
 * greeting, refusals and the reason the session ended go to stderr, so stdout is a clean transcript.
 *
 * <p>The session ({@link ChatSession}) is the terminal's too; this class is the piped input loop, and
 * {@link PipedView} how it looks.
 *
 * <p>Threads: the {@link #run} thread joins, then waits for the session to end and leaves; a platform
 * daemon thread reads the input (a read from a pipe cannot be interrupted, so nobody waits for it); the
 * connection's reader thread prints. Input waits for room in the connection's queue: a script that types
 * faster than the network is slowed down, not dropped.
 */
public final class PipedChat implements ChatClient {
    /** Time to deliver what is queued and print the echoes after input ends. */
    private static final Duration QUIT_GRACE = Duration.ofSeconds(5);

    private final ChatName name;
    private final Optional<Dial> redial;
    private final InputStream input;
    private final PrintStream out;
    private final PrintStream err;
    private final SessionEnd end = new SessionEnd(() -> { });
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    /**
     * @param redial how to reconnect when the connection drops ({@code --reconnect}); empty: a drop ends the
     *               session with status 3, as a script expects
     * @throws IllegalArgumentException when {@code name} is not a valid name (Main checks that first)
     */
    public PipedChat(String name, Optional<Dial> redial, InputStream input, PrintStream out, PrintStream err) {
        this.redial = Objects.requireNonNull(redial, "redial");
        this.name = switch (ChatName.parse(name)) {
            case ChatName.Result.Valid valid -> valid.name();
            case ChatName.Result.Invalid invalid -> throw new IllegalArgumentException(invalid.reason());
        };
        this.input = Objects.requireNonNull(input, "input");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    @Override
    public Ending run(Connection connection) {
        ChatSession session = new ChatSession(connection, redial, Backoff.standard(), new PipedView(out, err), end,
                QUIT_GRACE);
        try {
            session.start();
            Optional<Answer> joined = session.joinAs(name);
            if (joined.isPresent() && joined.get() instanceof Answer.Refused refused) {
                end.end(new Ending.NameRefused(refused.reason()));
            }
            if (!end.isEnded()) {
                Thread.ofPlatform().daemon().name("client-input").start(() -> readInput(session));
            }
            return session.leave("");
        } catch (RuntimeException | Error e) {
            session.abort();
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

    private void readInput(ChatSession session) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            while (!end.isEnded() && (line = lines.readLine()) != null) {
                session.type(line);
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
}
