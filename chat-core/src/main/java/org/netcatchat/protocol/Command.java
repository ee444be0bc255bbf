package org.netcatchat.protocol;

import java.util.Objects;
import java.util.OptionalInt;

/** A valid client frame. Each record validates itself, so holding one means it is well formed. */
public sealed interface Command extends Frame permits Command.Name, Command.Text, Command.Hist, Command.List, Command.Quit {

    /** {@code name<NAME>}: join with this name, or change it. */
    record Name(ChatName name) implements Command {
        public Name {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code text<MESSAGE>}: say something to everyone. The message is already cleaned of control characters. */
    record Text(String message) implements Command {
        public Text {
            if (message.isBlank()) {
                throw new IllegalArgumentException("blank message");
            }
            if (!Printable.isClean(message)) {
                throw new IllegalArgumentException("message holds control characters");
            }
        }
    }

    /** {@code hist} or {@code hist<N>}: the whole history, or its last N lines. */
    record Hist(OptionalInt lastLines) implements Command {
        public Hist {
            Objects.requireNonNull(lastLines, "lastLines");
            if (lastLines.isPresent() && lastLines.getAsInt() < 1) {
                throw new IllegalArgumentException("lastLines must be positive");
            }
        }

        public static Hist all() {
            return new Hist(OptionalInt.empty());
        }

        public static Hist last(int lines) {
            return new Hist(OptionalInt.of(lines));
        }
    }

    /** {@code list}: who is online, answered with one {@link Roster} line; allowed before joining too. */
    record List() implements Command {
    }

    /** {@code quit}: leave. The only command without a reply: the server closes the connection. */
    record Quit() implements Command {
    }
}
