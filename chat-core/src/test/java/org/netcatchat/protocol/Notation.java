package org.netcatchat.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A readable spelling of wire bytes for test tables (chat-server's tests use it too, through chat-core's test jar). Plain text is UTF-8; in angle brackets:
 *
 * <pre>
 *   &lt;LF&gt; &lt;CR&gt; &lt;TAB&gt; &lt;SP&gt; &lt;NUL&gt; &lt;BEL&gt; &lt;ESC&gt; &lt;DEL&gt;   one control byte
 *   &lt;xFF&gt;                                     any one byte, in hex (so invalid UTF-8 can be spelled)
 *   &lt;NUL*17&gt; &lt;xFF*16&gt;                         a byte repeated
 *   &lt;a*1048576&gt;                               1048576 copies of the character a
 * </pre>
 *
 * And a frame spelled back: {@code Name(alice)}, {@code Text(hi)}, {@code Hist(all)}, {@code Hist(5)},
 * {@code List}, {@code Quit}, or the {@link Problem} of a malformed line ({@code LINE_TOO_LONG}); frames joined by ", ".
 */
public final class Notation {
    private static final Pattern TOKEN = Pattern.compile(
            "<(?:(LF|CR|TAB|SP|NUL|BEL|ESC|DEL)|x(\\p{XDigit}{2}))(?:\\*(\\d+))?>|<(.)\\*(\\d+)>");

    private Notation() {
    }

    public static byte[] bytes(String spelled) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher token = TOKEN.matcher(spelled);
        int plain = 0;
        while (token.find()) {
            out.writeBytes(spelled.substring(plain, token.start()).getBytes(StandardCharsets.UTF_8));
            if (token.group(4) != null) {
                out.writeBytes(token.group(4).repeat(Integer.parseInt(token.group(5)))
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                int times = token.group(3) == null ? 1 : Integer.parseInt(token.group(3));
                int b = token.group(1) == null ? HexFormat.fromHexDigits(token.group(2)) : switch (token.group(1)) {
                    case "LF" -> '\n';
                    case "CR" -> '\r';
                    case "TAB" -> '\t';
                    case "SP" -> ' ';
                    case "NUL" -> 0x00;
                    case "BEL" -> 0x07;
                    case "ESC" -> 0x1B;
                    case "DEL" -> 0x7F;
                    default -> throw new IllegalArgumentException(token.group());
                };
                for (int i = 0; i < times; i++) {
                    out.write(b);
                }
            }
            plain = token.end();
        }
        out.writeBytes(spelled.substring(plain).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The spelling as a string: what an expected column means. A CSV empty cell (null) is "". */
    public static String text(String spelled) {
        return spelled == null ? "" : new String(bytes(spelled), StandardCharsets.UTF_8);
    }

    static String describe(List<? extends Frame> frames) {
        return frames.stream().map(Notation::describe).collect(Collectors.joining(", "));
    }

    static String describe(Frame frame) {
        return switch (frame) {
            case Command.Name name -> "Name(" + name.name().display()
                    + name.password().map(password -> "," + password.text()).orElse("") + ")";
            case Command.Text text -> "Text(" + text.message() + ")";
            case Command.Hist hist -> "Hist(" + (hist.lastLines().isPresent() ? hist.lastLines().getAsInt() : "all") + ")";
            case Command.List list -> "List";
            case Command.Quit quit -> "Quit";
            case Command.Join join -> "Join(" + join.room() + ")";
            case Command.Part part -> "Part(" + part.room() + ")";
            case Command.TellRoom tell -> "TellRoom(" + tell.room() + "," + tell.message() + ")";
            case Command.TellPerson tell -> "TellPerson(" + tell.to().display() + "," + tell.message() + ")";
            case Command.Rooms rooms -> "Rooms";
            case Command.RoomList list -> "RoomList(" + list.room() + ")";
            case Command.RoomHist hist -> "RoomHist(" + hist.room() + ","
                    + (hist.lastLines().isPresent() ? hist.lastLines().getAsInt() : "all") + ")";
            case Command.Pass pass -> "Pass(" + pass.password().text() + ")";
            case Command.Kick kick -> "Kick(" + kick.who().display() + ","
                    + kick.ban().map(java.time.Duration::toString).orElse("none") + "," + kick.reason() + ")";
            case Command.Mute mute -> "Mute(" + mute.who().display() + "," + mute.length() + ")";
            case Command.Bans bans -> "Bans";
            case Command.Unban unban -> "Unban(" + unban.target() + ")";
            case Frame.Malformed malformed -> malformed.problem().name();
        };
    }
}
