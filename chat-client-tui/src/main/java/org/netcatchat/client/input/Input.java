package org.netcatchat.client.input;

import java.util.Objects;
import org.netcatchat.client.window.WindowName;
import org.netcatchat.protocol.Command;

/** What one line the user typed means. Only {@link Send} reaches the server. */
public sealed interface Input permits Input.Send, Input.Help, Input.Quit, Input.Mistake, Input.Nothing, Input.Select,
        Input.Show, Input.Close {

    /** Send this command: a message, a new name, a history request. */
    record Send(Command command) implements Input {
        public Send {
            Objects.requireNonNull(command, "command");
            if (command instanceof Command.Quit) {
                throw new IllegalArgumentException("leaving is Input.Quit");
            }
        }
    }

    /** {@code /win N}: window {@code number} (1 is the lobby) to front. */
    record Select(int number) implements Input {
        public Select {
            if (number < 1) {
                throw new IllegalArgumentException("window " + number);
            }
        }
    }

    /** Open {@code window} if it is not open, and put it in front ({@code /msg bob}, {@code /join #lobby}). */
    record Show(WindowName window) implements Input {
        public Show {
            Objects.requireNonNull(window, "window");
        }
    }

    /** Close a conversation's window ({@code /part} in it): nothing goes to the server, which keeps none. */
    record Close(WindowName.Conversation window) implements Input {
        public Close {
            Objects.requireNonNull(window, "window");
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
