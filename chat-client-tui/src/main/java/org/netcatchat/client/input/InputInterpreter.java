package org.netcatchat.client.input;

import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.netcatchat.client.window.WindowName;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.CommandEncoder;
import org.netcatchat.protocol.Printable;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.protocol.Wire;

/**
 * Turns what the user typed into an {@link Input}. Plain text is a message; a line starting with {@code /}
 * is a client command; {@code //} at the start sends a message that starts with {@code /}. Names and
 * history sizes are checked here, so a mistake is explained at once instead of costing a round trip.
 *
 * <p>What a line means depends on the window in front: a message goes to it ({@code text} in the lobby,
 * {@code tell#room} in a room, {@code tell NAME} in a conversation), and so do {@code /part}, {@code /who} and
 * {@code /hist} without a room named. The methods without a window interpret in the lobby.
 *
 * <p>Stateless and thread-safe.
 */
public final class InputInterpreter {
    /** The same bound as the server's: {@code hist} takes at most nine digits. */
    static final int MAX_HIST_LINES = 999_999_999;

    /** Every client command, for {@code /help} and tab completion. */
    public static final List<String> COMMANDS =
            List.of("/name", "/hist", "/who", "/join", "/part", "/msg", "/rooms", "/win", "/quit", "/help", "/pass",
                    "/kick", "/mute", "/bans", "/unban");

    /**
     * {@code /pass} typed alone: the terminal asks for the password without echo (see {@code TerminalChat}); what
     * reaches the interpreter is only ever a {@code /pass} that cannot be served that way.
     */
    public static boolean isPassword(String typed) {
        String[] parts = typed.strip().split("\\s+", 2);
        return parts[0].toLowerCase(Locale.ROOT).equals("/pass");
    }

    /**
     * Typed lines (several at once only from a terminal without bracketed paste): each one is interpreted on its
     * own, in order; a message longer than the server takes becomes the parts that fit ({@link LongMessage}).
     */
    public List<Input> interpretAll(String typed) {
        return interpretAll(typed, new WindowName.Lobby());
    }

    /** {@link #interpretAll(String)} with {@code front} in front. */
    public List<Input> interpretAll(String typed, WindowName front) {
        List<Input> inputs = new ArrayList<>();
        for (String line : typed.split("\\R", -1)) {
            add(interpret(line, front), inputs);
        }
        return inputs;
    }

    /** Adds {@code input}, a message longer than the server takes as the parts that fit ({@link LongMessage}). */
    private static void add(Input input, List<Input> inputs) {
        switch (input) {
            case Input.Send send when said(send.command()).isPresent() -> {
                String message = said(send.command()).orElseThrow();
                for (String part : LongMessage.split(message, room(send.command(), message))) {
                    if (!part.isBlank()) { // a stretch of spaces alone the server would refuse as empty
                        inputs.add(new Input.Send(saying(send.command(), part)));
                    }
                }
            }
            case Input.Send send -> inputs.add(send);
            case Input.Select select -> inputs.add(select);
            case Input.Show show -> inputs.add(show);
            case Input.Close close -> inputs.add(close);
            case Input.Help help -> inputs.add(help);
            case Input.Quit quit -> inputs.add(quit);
            case Input.Mistake mistake -> inputs.add(mistake);
            case Input.Nothing nothing -> {
            }
        }
    }

    /** What a message command ({@code text}, {@code tell#room}, {@code tell NAME}) says; empty for the others. */
    public static Optional<String> said(Command command) {
        if (command instanceof Command.Text text) {
            return Optional.of(text.message());
        } else if (command instanceof Command.TellRoom tell) {
            return Optional.of(tell.message());
        } else if (command instanceof Command.TellPerson tell) {
            return Optional.of(tell.message());
        }
        return Optional.empty();
    }

    /** The same message command saying {@code part} instead. */
    private static Command saying(Command command, String part) {
        if (command instanceof Command.TellRoom tell) {
            return new Command.TellRoom(tell.room(), part);
        } else if (command instanceof Command.TellPerson tell) {
            return new Command.TellPerson(tell.to(), part);
        }
        return new Command.Text(part);
    }

    /**
     * The bytes left for the message on one line of the server's default limit: {@code "tell#dev "} and
     * {@code "tell bob "} take more of it than {@code "text "}.
     */
    private static int room(Command command, String message) {
        int frame = CommandEncoder.encode(command).length - 1; // without its line end
        int prefix = frame - message.getBytes(StandardCharsets.UTF_8).length;
        return Wire.DEFAULT_MAX_LINE_BYTES - prefix;
    }

    /**
     * What the user pasted (a bracketed paste, perhaps with more typed around it): every line is a message, even
     * one that starts with {@code /}. A pasted {@code /quit} or {@code /etc/hosts has the entry} is text
     * someone is quoting, not a command they chose to run; commands are typed.
     */
    public List<Input> interpretPasted(String pasted) {
        return interpretPasted(pasted, new WindowName.Lobby());
    }

    /** {@link #interpretPasted(String)}, every line a message to {@code front}. */
    public List<Input> interpretPasted(String pasted, WindowName front) {
        List<Input> inputs = new ArrayList<>();
        for (String line : pasted.split("\\R", -1)) {
            add(message(line, front), inputs);
        }
        return inputs;
    }

    /**
     * An operator's command: the server's own parser reads it, so the client and server agree on every argument;
     * a line it refuses is explained here, before a round trip.
     */
    private static Input operator(String command, String argument, String usage) {
        if (argument.isEmpty() && !command.equals("bans")) {
            return new Input.Mistake(usage);
        }
        byte[] line = (command + (argument.isEmpty() ? "" : " " + argument)).getBytes(StandardCharsets.UTF_8);
        return switch (org.netcatchat.protocol.FrameParser.parse(line, 0, line.length)) {
            case Command parsed -> new Input.Send(parsed);
            case org.netcatchat.protocol.Frame.Malformed malformed -> new Input.Mistake(malformed.reason());
        };
    }

    /** One line, without its line end, typed in the lobby. */
    public Input interpret(String line) {
        return interpret(line, new WindowName.Lobby());
    }

    /** One line, without its line end, typed with {@code front} in front. */
    public Input interpret(String line, WindowName front) {
        if (line.isBlank()) {
            return new Input.Nothing();
        }
        if (line.startsWith("//")) {
            return message(line.substring(1), front);
        }
        if (!line.startsWith("/")) {
            return message(line, front);
        }
        String[] parts = line.strip().split("\\s+", 2);
        String word = parts[0].toLowerCase(Locale.ROOT);
        String argument = parts.length < 2 ? "" : parts[1].strip();
        return switch (word) {
            case "/name" -> name(argument);
            case "/hist" -> hist(argument, front);
            case "/who" -> argument.isEmpty() ? new Input.Send(who(front))
                    : new Input.Mistake("/who takes no argument");
            case "/join" -> join(argument);
            case "/part" -> part(argument, front);
            case "/msg" -> msg(argument);
            case "/rooms" -> argument.isEmpty() ? new Input.Send(new Command.Rooms())
                    : new Input.Mistake("/rooms takes no argument");
            case "/win" -> win(argument);
            case "/quit" -> argument.isEmpty() ? new Input.Quit() : new Input.Mistake("/quit takes no argument");
            case "/help" -> new Input.Help();
            // Never sent from here: a password typed on the line would be in the input history and on the screen.
            case "/pass" -> new Input.Mistake(argument.isEmpty()
                    ? "/pass asks for the password without echo, in a terminal only; it was not sent"
                    : "type /pass alone: the password is then asked for without echo (what was typed was not sent)");
            case "/kick" -> operator("kick", argument, "usage: /kick NAME [DURATION] [REASON], e.g. /kick bob 2h spamming");
            case "/mute" -> operator("mute", argument, "usage: /mute NAME DURATION, e.g. /mute bob 10m (0 lifts it)");
            case "/bans" -> operator("bans", argument, "/bans takes no argument");
            case "/unban" -> operator("unbn", argument, "usage: /unban NAME or /unban ADDRESS, as /bans lists them");
            default -> new Input.Mistake("unknown command " + Printable.clean(word)
                    + "; type /help for the commands, or //text to send a message starting with /");
        };
    }

    private static Input message(String text, WindowName to) {
        String clean = Printable.clean(text);
        if (clean.isBlank()) {
            return new Input.Nothing();
        }
        return new Input.Send(switch (to) {
            case WindowName.Lobby lobby -> new Command.Text(clean);
            case WindowName.Room room -> new Command.TellRoom(room.room(), clean);
            case WindowName.Conversation conversation -> new Command.TellPerson(conversation.peer(), clean);
        });
    }

    /** In a room, who is in it; elsewhere who is online. */
    private static Command who(WindowName front) {
        return front instanceof WindowName.Room room ? new Command.RoomList(room.room()) : new Command.List();
    }

    private static Input join(String argument) {
        if (argument.isEmpty() || argument.contains(" ")) {
            return new Input.Mistake("usage: /join #ROOM");
        }
        return switch (RoomName.parse(argument)) {
            case RoomName.Result.Invalid invalid -> new Input.Mistake("invalid room: " + invalid.reason());
            case RoomName.Result.Valid valid when valid.room().isLobby() ->
                    new Input.Show(new WindowName.Lobby()); // everyone is in it: /join #lobby goes to its window
            case RoomName.Result.Valid valid -> new Input.Send(new Command.Join(valid.room()));
        };
    }

    /** {@code /part}: the room in front, or the one named; in a conversation, closes its window. */
    private static Input part(String argument, WindowName front) {
        if (argument.isEmpty()) {
            return switch (front) {
                case WindowName.Lobby lobby -> new Input.Mistake("the lobby cannot be left; /quit leaves the chat");
                case WindowName.Room room -> new Input.Send(new Command.Part(room.room()));
                case WindowName.Conversation conversation -> new Input.Close(conversation);
            };
        }
        return switch (RoomName.parse(argument)) {
            case RoomName.Result.Invalid invalid -> new Input.Mistake("usage: /part [#ROOM]; " + invalid.reason());
            case RoomName.Result.Valid valid when valid.room().isLobby() ->
                    new Input.Mistake("the lobby cannot be left; /quit leaves the chat");
            case RoomName.Result.Valid valid -> new Input.Send(new Command.Part(valid.room()));
        };
    }

    /** {@code /msg NAME text}: says it privately; {@code /msg NAME} alone opens the conversation. */
    private static Input msg(String argument) {
        String[] parts = argument.split("\\s+", 2);
        if (argument.isEmpty()) {
            return new Input.Mistake("usage: /msg NAME [MESSAGE]");
        }
        return switch (ChatName.parse(parts[0])) {
            case ChatName.Result.Invalid invalid -> new Input.Mistake("invalid name: " + invalid.reason());
            case ChatName.Result.Valid valid -> parts.length < 2 || parts[1].isBlank()
                    ? new Input.Show(new WindowName.Conversation(valid.name()))
                    : message(parts[1], new WindowName.Conversation(valid.name()));
        };
    }

    private static Input win(String argument) {
        boolean digits = !argument.isEmpty() && argument.length() <= 3 && argument.chars().allMatch(c -> c >= '0' && c <= '9');
        int number = digits ? Integer.parseInt(argument) : 0;
        return number < 1 ? new Input.Mistake("usage: /win N, with N the window's number on the status line")
                : new Input.Select(number);
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

    /** In a room, its history; elsewhere the lobby's. */
    private static Input hist(String argument, WindowName front) {
        if (front instanceof WindowName.Room room) {
            return switch (hist(argument, new WindowName.Lobby())) {
                case Input.Send send when send.command() instanceof Command.Hist hist ->
                        new Input.Send(new Command.RoomHist(room.room(), hist.lastLines()));
                case Input other -> other;
            };
        }
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
