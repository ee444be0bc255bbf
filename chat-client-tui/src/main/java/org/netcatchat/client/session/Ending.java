package org.netcatchat.client.session;

import java.util.Objects;
import java.util.Optional;
import org.netcatchat.client.connection.Closure;

/**
 * How a chat session ended, and so the process's exit status. The first ending reported wins
 * (see {@link SessionEnd}).
 *
 * <pre>
 *   0    /quit, Ctrl+D, end of piped input
 *   1    cannot connect (decided before a session starts)
 *   2    bad arguments (decided before a session starts)
 *   3    the server closed the connection or it broke
 *   4    piped mode: the server refused the --name
 *   70   a bug in the client (EX_SOFTWARE); the stack trace goes to stderr
 *   130  Ctrl+C (128 + SIGINT, as shells report it)
 *   143  SIGTERM (128 + SIGTERM; the JVM sets it)
 * </pre>
 */
public sealed interface Ending {
    int CANNOT_CONNECT = 1;
    int USAGE = 2;

    int exitCode();

    /** The user left: /quit, Ctrl+D, or piped input ended. */
    record Quit() implements Ending {
        @Override
        public int exitCode() {
            return 0;
        }
    }

    /** Ctrl+C. */
    record Interrupted() implements Ending {
        @Override
        public int exitCode() {
            return 130;
        }
    }

    /** SIGTERM (or SIGHUP, or anything else that runs the shutdown hook without System.exit). */
    record Terminated() implements Ending {
        @Override
        public int exitCode() {
            return 143;
        }
    }

    /** The server closed the connection, or it broke; {@code how} says which, for a person. */
    record ServerGone(String how) implements Ending {
        public ServerGone {
            Objects.requireNonNull(how, "how");
        }

        @Override
        public int exitCode() {
            return 3;
        }
    }

    /** Piped mode: the server refused the name given with --name, so nothing can be sent. */
    record NameRefused(String reason) implements Ending {
        public NameRefused {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public int exitCode() {
            return 4;
        }
    }

    /** An exception nobody expected. */
    record Failed(Throwable cause) implements Ending {
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public int exitCode() {
            return 70;
        }
    }

    /** What a closed connection means for the session; empty when this side closed it. */
    public static Optional<Ending> after(Closure closure) {
        return switch (closure) {
            case Closure.AfterQuit quit -> Optional.of(new Quit());
            case Closure.ClosedHere here -> Optional.empty();
            case Closure.ClosedByServer server -> Optional.of(new ServerGone("the server closed the connection"));
            case Closure.Lost lost -> Optional.of(new ServerGone("connection lost (" + lost.reason() + ")"));
            case Closure.NotChat notChat -> Optional.of(new ServerGone(notChat.why()));
            case Closure.Failed failed -> Optional.of(new Failed(failed.cause()));
        };
    }
}
