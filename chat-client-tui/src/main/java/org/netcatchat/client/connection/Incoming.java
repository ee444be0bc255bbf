package org.netcatchat.client.connection;

import java.util.Objects;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;

/** Something the server sent, matched to the command it answers where it is a reply. */
public sealed interface Incoming permits Incoming.Pushed, Incoming.Text, Incoming.Answered, Incoming.StrayError {

    /** A message or a notice: live, replayed on join, or part of a {@code hist} reply. */
    record Pushed(PushedLine line) implements Incoming {
        public Pushed {
            Objects.requireNonNull(line, "line");
        }
    }

    /** A line that is neither pushed nor an error: the greeting, in protocol v1. Not yet cleaned for display. */
    record Text(String text) implements Incoming {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The reply to {@code command} ended: {@link Answer.Ok} or {@link Answer.Refused}. */
    record Answered(Command command, Answer answer) implements Incoming {
        public Answered {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(answer, "answer");
        }
    }

    /** An {@code ERR} reply when no command was waiting: the server and this client disagree. */
    record StrayError(String reason) implements Incoming {
        public StrayError {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
