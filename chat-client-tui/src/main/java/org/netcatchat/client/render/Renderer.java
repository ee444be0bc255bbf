package org.netcatchat.client.render;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Printable;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.Roster;

/**
 * Turns what the client shows into styled lines. Pure: no terminal, no I/O; the clock's zone is the one times
 * are shown in (once the server has named its own), and its date decides whether a stamp needs its own. Everything that came from the server is passed through
 * {@link Printable#clean} first, so no escape sequence from another client ever reaches the terminal.
 *
 * <pre>
 * 17:46:36 alice: hello                    a message (the user's own: name underlined, text bold)
 * 17:46:36 * alice has joined our chat...  a notice
 * 2026-11-26 09:12:01 bob: older           a line from another day (history)
 * error: name taken (name unchanged)       a refusal from the server
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Renderer {
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private static final List<String> HELP = List.of(
            "Type a message and press Enter to send it to the window in front (window 1 is the lobby: everyone).",
            "  /name NEW        change your name",
            "  /hist [N]        show the history (of the room in front), or its last N lines",
            "  /who             show who is online (who is in the room in front)",
            "  /join #ROOM      join a room; its window comes to front",
            "  /part [#ROOM]    leave the room in front (or the one named); in a private window, close it",
            "  /msg NAME [TEXT] speak to NAME privately, in their window",
            "  /rooms           show the rooms open on the server",
            "  /win N           bring window N to front (Alt+1..9 too; Ctrl+N / Ctrl+P: next / previous)",
            "  /pass            register your name with a password, or change it (asked for without echo)",
            "  /kick NAME [DURATION] [REASON]   operators: remove NAME; with a duration (10m, 2h, 1d) ban it too",
            "  /mute NAME DURATION              operators: refuse NAME's messages that long (0 lifts it)",
            "  /bans, /unban NAME|ADDRESS       operators: list the bans, lift one",
            "  /quit            leave (Ctrl+D and Ctrl+C leave too)",
            "  /help            show this help",
            "  //text           send a message that starts with /",
            "Keys: Up/Down recall earlier lines, Ctrl+R searches them, Ctrl+A/Ctrl+E go to start/end,",
            "      Ctrl+U clears the line, Tab completes a /command, a name or a #room.");

    private final Theme theme;
    /** The user's clock: its zone is the one times are shown in, its date decides whether a stamp needs its own. */
    private final Clock clock;
    /** The zone the server stamps in, once its greeting said; until then times are shown as sent. */
    private final Optional<ZoneId> serverZone;

    public Renderer(Theme theme, Clock clock) {
        this(theme, clock, Optional.empty());
    }

    private Renderer(Theme theme, Clock clock, Optional<ZoneId> serverZone) {
        this.theme = Objects.requireNonNull(theme, "theme");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.serverZone = serverZone;
    }

    /** This renderer for a server whose stamps are in {@code zone}: each is shown in the user's own zone. */
    public Renderer inServerZone(ZoneId zone) {
        return new Renderer(theme, clock, Optional.of(zone));
    }

    /** A message or notice; {@code me} is the user's current name, if joined. */
    public AttributedString pushed(PushedLine line, Optional<ChatName> me) {
        AttributedStringBuilder out = new AttributedStringBuilder();
        out.styled(theme.time(), stamp(line)).append(' ');
        switch (line) {
            case PushedLine.Message message -> {
                String sender = Printable.clean(message.sender());
                String key = key(sender);
                boolean own = me.map(ChatName::key).filter(key::equals).isPresent();
                out.styled(own ? theme.ownName(key) : theme.name(key), sender);
                out.styled(theme.text(), ": ");
                AttributedStyle style = own ? theme.ownText() : mentions(line, me) ? theme.mention() : theme.text();
                out.styled(style, Printable.clean(message.text()));
            }
            case PushedLine.Notice notice -> out.styled(theme.notice(), "* " + Printable.clean(notice.text()));
            case PushedLine.RoomMessage message -> {
                String sender = Printable.clean(message.sender());
                out.styled(theme.info(), message.room() + " ");
                out.styled(theme.name(key(sender)), sender);
                out.styled(theme.text(), ": " + Printable.clean(message.text()));
            }
            case PushedLine.RoomNotice notice ->
                    out.styled(theme.notice(), notice.room() + " * " + Printable.clean(notice.text()));
            case PushedLine.Private message -> {
                out.styled(theme.info(), "(private) ");
                out.styled(theme.name(key(Printable.clean(message.sender()))), Printable.clean(message.sender()));
                out.styled(theme.text(), " > " + Printable.clean(message.receiver()) + ": "
                        + Printable.clean(message.text()));
            }
        }
        return out.toAttributedString();
    }

    /**
     * Whether {@code line} is someone else's message that names the user as a word, ignoring case:
     * {@code carol: ping}, {@code hi Carol!}, but not {@code caroline} or carol's own lines.
     */
    public static boolean mentions(PushedLine line, Optional<ChatName> me) {
        if (!(line instanceof PushedLine.Message message) || me.isEmpty()
                || key(Printable.clean(message.sender())).equals(me.get().key())) {
            return false;
        }
        Pattern name = Pattern.compile("(?<![\\p{L}\\p{N}\\p{M}_.-])" + Pattern.quote(me.get().display())
                + "(?![\\p{L}\\p{N}\\p{M}_-])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return name.matcher(message.text()).find();
    }

    /**
     * A server line that is neither pushed nor an error, or empty when it is not worth showing.
     * The greeting teaches the raw protocol ({@code name alice}), which this client hides: its first line
     * is cut after its first sentence ("Welcome to netcat-chat!") and the indented command table under it
     * is dropped. Anything else (a login-timeout notice, say) is shown as sent.
     *
     * @param index  how many such lines came before this one on this connection
     * @param joined whether the user has joined (the greeting comes before)
     */
    public Optional<AttributedString> serverText(String text, int index, boolean joined) {
        String clean = Printable.clean(text);
        if (index == 0) {
            return Optional.of(new AttributedString(firstSentence(clean), theme.greeting()));
        }
        if (!joined && (clean.isBlank() || Character.isWhitespace(clean.charAt(0)))) {
            return Optional.empty();
        }
        return Optional.of(new AttributedString(clean, theme.greeting()));
    }

    static String firstSentence(String text) {
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if ((c == '!' || c == '.' || c == '?') && text.charAt(i + 1) == ' ') {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }

    /** The server refused {@code command}: its reason, and what that means for the user. */
    public AttributedString refused(Command command, String reason) {
        String consequence = switch (command) {
            case Command.Text text -> "message not sent";
            case Command.Name name -> "name unchanged";
            case Command.Hist hist -> "no history shown";
            case Command.List list -> "nobody listed";
            case Command.Quit quit -> "quit refused";
            case Command.Join join -> "not joined " + join.room();
            case Command.Part part -> "still in " + part.room();
            case Command.TellRoom tell -> "message not sent";
            case Command.TellPerson tell -> "message not sent";
            case Command.Rooms rooms -> "no rooms listed";
            case Command.RoomList list -> "nobody listed";
            case Command.RoomHist hist -> "no history shown";
            case Command.Pass pass -> "password unchanged";
            case Command.Kick kick -> kick.who() + " not kicked";
            case Command.Mute mute -> mute.who() + (mute.length().isZero() ? " still muted" : " not muted");
            case Command.Bans bans -> "no bans listed";
            case Command.Unban unban -> "ban not lifted";
        };
        return error(Printable.clean(reason) + " (" + consequence + ")");
    }

    /** A marker line around a block of history: {@code — earlier in the chat —}. */
    public AttributedString marker(String text) {
        return new AttributedString("\u2014 " + Printable.clean(text) + " \u2014", theme.info());
    }

    /** Who is online: {@code Online (3): alice, bob, carol}, and how many more a big room did not list. */
    public AttributedString roster(Roster roster) {
        return rosterLine("Online", roster);
    }

    /** Who is in a room: {@code In #dev (2): alice, bob}. */
    public AttributedString roster(String room, Roster roster) {
        return rosterLine("In " + room, roster);
    }

    private AttributedString rosterLine(String label, Roster roster) {
        StringBuilder line = new StringBuilder(label).append(" (").append(roster.online()).append(")");
        if (!roster.names().isEmpty()) {
            line.append(": ").append(String.join(", ", roster.names()));
        }
        if (roster.unlisted() > 0) {
            line.append(" and ").append(roster.unlisted()).append(" more");
        }
        return new AttributedString(Printable.clean(line.toString()), theme.info());
    }

    /** One window on the status line: the one in front bold and inverse, one with mentions as a mention. */
    public AttributedString statusSegment(String text, boolean front, boolean mentioned) {
        AttributedStyle style = front ? theme.info().bold().inverse() : mentioned ? theme.mention() : theme.info();
        return new AttributedString(Printable.clean(text), style);
    }

    /** Something went wrong: a refusal, a local mistake, a lost connection. */
    public AttributedString error(String text) {
        return new AttributedString("error: " + Printable.clean(text), theme.error());
    }

    /** A note from the client itself. */
    public AttributedString info(String text) {
        return new AttributedString(Printable.clean(text), theme.info());
    }

    /** {@code /help}: one styled string of several lines. */
    public AttributedString help() {
        AttributedStringBuilder out = new AttributedStringBuilder();
        for (int i = 0; i < HELP.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.styled(theme.info(), HELP.get(i));
        }
        return out.toAttributedString();
    }

    /** The help text without styles, for a script's stderr. */
    public static String helpText() {
        return String.join(System.lineSeparator(), HELP);
    }

    /** The input prompt: the user's name, or a plain arrow before joining. */
    public AttributedString prompt(Optional<ChatName> me) {
        return prompt(me, 0);
    }

    /** The input prompt, with how many messages are still on their way: {@code alice (12 to send)> }. */
    public AttributedString prompt(Optional<ChatName> me, int waiting) {
        String count = waiting > 1 ? " (" + waiting + " to send)" : "";
        return new AttributedString(me.map(name -> name.display() + count + "> ").orElse("> "), theme.prompt());
    }

    private String stamp(PushedLine line) {
        LocalDateTime time = serverZone
                .map(zone -> line.time().atZone(zone).withZoneSameInstant(clock.getZone()).toLocalDateTime())
                .orElse(line.time());
        boolean today = time.toLocalDate().equals(LocalDate.now(clock));
        return (today ? TODAY : OTHER_DAY).format(time);
    }

    /** The identity a colour is chosen by: the name's key, so "Alice" and "alice" look the same. */
    static String key(String sender) {
        return switch (ChatName.parse(sender)) {
            case ChatName.Result.Valid valid -> valid.name().key();
            case ChatName.Result.Invalid invalid -> sender.toLowerCase(Locale.ROOT);
        };
    }
}
