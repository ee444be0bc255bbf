package org.netcatchat.client.connection;

import java.util.Objects;

/** How the server answered one command. A refusal is a value, as in chat-core's {@code Reply}. */
public sealed interface Answer permits Answer.Ok, Answer.Refused, Answer.Unanswered {

    /** The command's reply ended in 0x00 with no {@code ERR} line before it. */
    record Ok() implements Answer {
    }

    /**
     * The server said {@code ERR <reason>}. The wire carries only the reason's text, not chat-core's
     * {@code Problem}, so this is not a {@code Reply.Error}.
     */
    record Refused(String reason) implements Answer {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No reply will come: the command was never sent (queue full, connection closing) or the connection ended. */
    record Unanswered(String reason) implements Answer {
        public Unanswered {
            Objects.requireNonNull(reason, "reason");
        }
    }

    Ok OK = new Ok();
}
