package org.netcatchat.client.connection;

import java.util.Objects;

/** Why a {@link Connection} ended. Exactly one is reported per connection. */
public sealed interface Closure
        permits Closure.AfterQuit, Closure.ClosedHere, Closure.ClosedByServer, Closure.Lost, Closure.Failed {

    /** We sent {@code quit} and the server closed the connection, as the protocol says it does. */
    record AfterQuit() implements Closure {
    }

    /** This side closed the connection without quitting first. */
    record ClosedHere() implements Closure {
    }

    /** The server closed the connection on its own: shutdown, kicked out, or the process went away cleanly. */
    record ClosedByServer() implements Closure {
    }

    /** The connection broke: reset, broken pipe, network gone. */
    record Lost(String reason) implements Closure {
        public Lost {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A bug on this side (a listener threw): the connection was closed to stop on a known state. */
    record Failed(Throwable cause) implements Closure {
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
