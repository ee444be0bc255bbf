package org.netcatchat.protocol;

import java.util.Objects;

/** What one client line means: a {@link Command}, or a line the server answers with an error. */
public sealed interface Frame permits Command, Frame.Malformed {

    /** A line that is not a valid command. The connection stays usable; the client gets {@link #reply()}. */
    record Malformed(Problem problem, String reason) implements Frame {
        public Malformed {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(reason, "reason");
        }

        public Reply.Error reply() {
            return new Reply.Error(problem, reason);
        }
    }
}
