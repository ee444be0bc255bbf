package org.netcatchat.client.connection;

import java.util.Objects;

/** Why a {@link Connection} ended. Exactly one is reported per connection. */
public sealed interface Closure
        permits Closure.AfterQuit, Closure.ClosedHere, Closure.ClosedByServer, Closure.Lost, Closure.NotChat,
        Closure.Failed {

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

    /**
     * What answered is not a chat server, and trying again will not make it one: {@code why} says what it looks
     * like and what to do ("this looks like a TLS port: use --tls").
     */
    record NotChat(String why) implements Closure {
        public NotChat {
            Objects.requireNonNull(why, "why");
        }
    }

    /** A bug on this side (a listener threw): the connection was closed to stop on a known state. */
    record Failed(Throwable cause) implements Closure {
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
