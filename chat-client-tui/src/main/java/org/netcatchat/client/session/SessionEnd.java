package org.netcatchat.client.session;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The one place a session's end is decided. Many things can end it, on many threads: the user (/quit,
 * Ctrl+D, Ctrl+C), the shutdown hook (SIGTERM), the connection's reader (server gone, a bug). The first
 * {@link #end} wins; it then wakes the input thread (see {@code wake}) so that thread, and only it,
 * leaves the chat and restores the terminal.
 *
 * <p>Thread-safe.
 */
public final class SessionEnd {
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    private final Runnable wake;

    /** {@code wake} is run once, by whoever ends the session first, unless that is the input thread itself. */
    public SessionEnd(Runnable wake) {
        this.wake = Objects.requireNonNull(wake, "wake");
    }

    /** Wakes {@code inputThread} with an interrupt: that ends a JLine readLine and any blocking wait. */
    public static SessionEnd interrupting(Thread inputThread) {
        return new SessionEnd(() -> {
            if (Thread.currentThread() != inputThread) {
                inputThread.interrupt();
            }
        });
    }

    /** @return whether this call decided the ending (false: the session had already ended) */
    public boolean end(Ending how) {
        if (ending.complete(Objects.requireNonNull(how, "how"))) {
            wake.run();
            return true;
        }
        return false;
    }

    public boolean isEnded() {
        return ending.isDone();
    }

    /** Completes with the ending that won. */
    public CompletableFuture<Ending> ending() {
        return ending;
    }
}
