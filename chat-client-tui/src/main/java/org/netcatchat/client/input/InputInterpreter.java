package org.netcatchat.client.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Printable;

/**
 * Turns what the user typed into an {@link Input}. Plain text is a message; a line starting with {@code /}
 * is a client command; {@code //} at the start sends a message that starts with {@code /}. Names and
 * history sizes are checked here, so a mistake is explained at once instead of costing a round trip.
 *
 * <p>Stateless and thread-safe.
 */
public final class InputInterpreter {
    /** The same bound as the server's: {@code hist} takes at most nine digits. */
    static final int MAX_HIST_LINES = 999_999_999;

    /** Every client command, for {@code /help} and tab completion. */
    public static final List<String> COMMANDS = List.of("/name", "/hist", "/who", "/quit", "/help");

    /**
     * Typed lines (several at once only from a terminal without bracketed paste): each one is interpreted on its
     * own, in order; a message longer than the server takes becomes the parts that fit ({@link LongMessage}).
     */
    public List<Input> interpretAll(String typed) {
        List<Input> inputs = new ArrayList<>();
        for (String line : typed.split("\\R", -1)) {
            add(interpret(line), inputs);
        }
        return inputs;
    }

    /** Adds {@code input}, a message longer than the server takes as the parts that fit ({@link LongMessage}). */
    private static void add(Input input, List<Input> inputs) {
        switch (input) {
            case Input.Send send when send.command() instanceof Command.Text text -> {
                for (String part : LongMessage.split(text.message(), LongMessage.MAX_MESSAGE_BYTES)) {
                    if (!part.isBlank()) { // a stretch of spaces alone the server would refuse as empty
                        inputs.add(new Input.Send(new Command.Text(part)));
                    }
                }
            }
            case Input.Send send -> inputs.add(send);
            case Input.Help help -> inputs.add(help);
            case Input.Quit quit -> inputs.add(quit);
            case Input.Mistake mistake -> inputs.add(mistake);
            case Input.Nothing nothing -> {
            }
        }
    }

    /**
     * What the user pasted (a bracketed paste, perhaps with more typed around it): every line is a message, even
     * one that starts with {@code /}. A pasted {@code /quit} or {@code /etc/hosts has the entry} is text
     * someone is quoting, not a command they chose to run; commands are typed.
     */
    public List<Input> interpretPasted(String pasted) {
        List<Input> inputs = new ArrayList<>();
        for (String line : pasted.split("\\R", -1)) {
            add(message(line), inputs);
        }
        return inputs;
    }

    /** One line, without its line end. */
    public Input interpret(String line) {
        if (line.isBlank()) {
            return new Input.Nothing();
        }
        if (line.startsWith("//")) {
            return message(line.substring(1));
        }
        if (!line.startsWith("/")) {
            return message(line);
        }
        String[] parts = line.strip().split("\\s+", 2);
        String word = parts[0].toLowerCase(Locale.ROOT);
        String argument = parts.length < 2 ? "" : parts[1].strip();
        return switch (word) {
            case "/name" -> name(argument);
            case "/hist" -> hist(argument);
            case "/who" -> argument.isEmpty() ? new Input.Send(new Command.List())
                    : new Input.Mistake("/who takes no argument");
            case "/quit" -> argument.isEmpty() ? new Input.Quit() : new Input.Mistake("/quit takes no argument");
            case "/help" -> new Input.Help();
            default -> new Input.Mistake("unknown command " + Printable.clean(word)
                    + "; type /help for the commands, or //text to send a message starting with /");
        };
    }

    private static Input message(String text) {
        String clean = Printable.clean(text);
        if (clean.isBlank()) {
            return new Input.Nothing();
        }
        return new Input.Send(new Command.Text(clean));
    }

    private static Input name(String argument) {
        if (argument.isEmpty()) {
            return new Input.Mistake("usage: /name NEW_NAME");
        }
        return switch (ChatName.parse(argument)) {
            case ChatName.Result.Valid valid -> new Input.Send(new Command.Name(valid.name()));
            case ChatName.Result.Invalid invalid -> new Input.Mistake("invalid name: " + invalid.reason());
        };
    }

    private static Input hist(String argument) {
        if (argument.isEmpty()) {
            return new Input.Send(Command.Hist.all());
        }
        boolean digits = argument.length() <= 9 && argument.chars().allMatch(c -> c >= '0' && c <= '9');
        int lines = digits ? Integer.parseInt(argument) : 0;
        if (lines < 1) {
            return new Input.Mistake("usage: /hist [N], with N a number of lines from 1 to " + MAX_HIST_LINES);
        }
        return new Input.Send(Command.Hist.last(lines));
    }
}
