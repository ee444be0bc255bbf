package org.netcatchat.client.input;

import java.util.Objects;
import org.netcatchat.protocol.Command;

/** What one line the user typed means. Only {@link Send} reaches the server. */
public sealed interface Input permits Input.Send, Input.Help, Input.Quit, Input.Mistake, Input.Nothing {

    /** Send this command: a message, a new name, a history request. */
    record Send(Command command) implements Input {
        public Send {
            Objects.requireNonNull(command, "command");
            if (command instanceof Command.Quit) {
                throw new IllegalArgumentException("leaving is Input.Quit");
            }
        }
    }

    /** {@code /help}: show the commands and keys. */
    record Help() implements Input {
    }

    /** {@code /quit}: leave the chat. */
    record Quit() implements Input {
    }

    /** A line that cannot be sent, and what to tell the user instead. Nothing goes to the server. */
    record Mistake(String explanation) implements Input {
        public Mistake {
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /** A blank line: nothing to do. */
    record Nothing() implements Input {
    }
}
