package org.netcatchat.client.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneId;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jline.utils.AttributedCharSequence.ForceMode;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.PushedLine;

class RendererTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final Pattern SGR = Pattern.compile("\u001b\\[([0-9;]*)m");

    private final Renderer colour = new Renderer(new Theme(true), NOON);
    private final Renderer mono = new Renderer(new Theme(false), NOON);

    static Stream<Arguments> pushedLinesReadAsText() {
        return Stream.of(
                Arguments.of("[2026-11-27 17:46:36][alice]:hello", "17:46:36 alice: hello"),
                Arguments.of("[2026-11-27 17:46:36][alice]:", "17:46:36 alice: "),
                Arguments.of("[2026-11-27 17:46:36][bob]:a]:b", "17:46:36 bob: a]:b"),
                Arguments.of("[2026-11-26 09:12:01][bob]:from yesterday", "2026-11-26 09:12:01 bob: from yesterday"),
                Arguments.of("[2026-11-27 17:46:36] alice has joined our chat...",
                        "17:46:36 * alice has joined our chat..."),
                Arguments.of("[2026-11-27 17:46:37] alice is now known as bob...",
                        "17:46:37 * alice is now known as bob..."),
                Arguments.of("[2026-11-27 17:46:38] server is shutting down", "17:46:38 * server is shutting down"),
                // Hostile: the server cleans lines, but the client does not rely on it.
                Arguments.of("[2026-11-27 17:46:36][eve]:\u001b]0;pwned\u0007\u001b[2J",
                        "17:46:36 eve: \uFFFD]0;pwned\uFFFD\uFFFD[2J"),
                Arguments.of("[2026-11-27 17:46:36][e\u001bve]:x", "17:46:36 e\uFFFDve: x"),
                Arguments.of("[2026-11-27 17:46:36] \u009b31mnotice", "17:46:36 * \uFFFD31mnotice"),
                // Protocol version 2, until the client has a window per room (issue 17): shown plainly, marked.
                Arguments.of("[2026-11-27 17:46:36]#dev[alice]:deploy at five", "17:46:36 #dev alice: deploy at five"),
                Arguments.of("[2026-11-27 17:46:36]#dev alice has joined #dev...",
                        "17:46:36 #dev * alice has joined #dev..."),
                Arguments.of("[2026-11-27 17:46:36]*[alice>bob]:hi", "17:46:36 (private) alice > bob: hi"),
                Arguments.of("[2026-11-27 17:46:36]*[eve>bob]:\u001b[2Jx", "17:46:36 (private) eve > bob: \uFFFD[2Jx"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource
    void pushedLinesReadAsText(String wire, String shown) {
        PushedLine line = PushedLine.parse(wire).orElseThrow();
        assertThat(colour.pushed(line, Optional.empty()).toString()).isEqualTo(shown);
        assertThat(mono.pushed(line, Optional.empty()).toString()).isEqualTo(shown);
    }

    @Test
    void onceTheServerHasNamedItsZoneEachTimeIsShownInTheUsersOwn() {
        Renderer inTokyo = new Renderer(new Theme(false), NOON.withZone(ZoneId.of("Asia/Tokyo"))).inServerZone(ZoneId.of("UTC"));
        // 12:00 UTC is 21:00 in Tokyo, the same day; 20:30 UTC is already the next day there
        assertThat(inTokyo.pushed(PushedLine.parse("[2026-11-27 11:59:58][alice]:hi").orElseThrow(), Optional.empty()))
                .hasToString("20:59:58 alice: hi");
        assertThat(inTokyo.pushed(PushedLine.parse("[2026-11-26 20:30:00][bob]:late").orElseThrow(), Optional.empty()))
                .hasToString("05:30:00 bob: late");
        assertThat(inTokyo.pushed(PushedLine.parse("[2026-11-26 10:00:00][bob]:older").orElseThrow(), Optional.empty()))
                .hasToString("2026-11-26 19:00:00 bob: older");
    }

    @Test
    void untilTheServerNamesItsZoneTimesAreShownAsSent() {
        Renderer inTokyo = new Renderer(new Theme(false), NOON.withZone(ZoneId.of("Asia/Tokyo")));

        assertThat(inTokyo.pushed(PushedLine.parse("[2026-11-27 11:59:58][alice]:hi").orElseThrow(), Optional.empty()))
                .hasToString("11:59:58 alice: hi");
    }

    @Test
    void noEscapeSequenceFromTheServerReachesTheTerminal() {
        PushedLine line = PushedLine.parse("[2026-11-27 17:46:36][eve]:\u001b[31mred\u001b]8;;http://x\u0007").orElseThrow();
        String ansi = colour.pushed(line, Optional.empty()).toAnsi(256, ForceMode.None);
        // Every ESC in the output starts an SGR that the renderer itself wrote.
        String withoutOwnStyles = SGR.matcher(ansi).replaceAll("");
        assertThat(withoutOwnStyles).doesNotContain("\u001b").doesNotContain("\u0007");
    }

    @Test
    void timestampsAreDim() {
        AttributedString shown = colour.pushed(message("alice", "hello"), Optional.empty());
        assertThat(shown.styleAt(0)).isEqualTo(AttributedStyle.DEFAULT.faint());
        assertThat(shown.styleAt(7)).isEqualTo(AttributedStyle.DEFAULT.faint());
    }

    @Test
    void aNameHasTheSameColourInEveryLineAndEverySession() {
        AttributedString first = colour.pushed(message("alice", "one"), Optional.empty());
        AttributedString second = new Renderer(new Theme(true), NOON).pushed(message("alice", "two"), Optional.empty());
        assertThat(first.styleAt(nameStart())).isEqualTo(second.styleAt(nameStart()));
        // String.hashCode is specified, so the colour of a name never changes between runs or machines.
        assertThat(Theme.nameColour("alice")).isEqualTo(Theme.NAME_COLOURS.get(Math.floorMod("alice".hashCode(), 8)));
    }

    @Test
    void namesThatDifferOnlyInCaseOrWidthShareAColour() {
        AttributedStyle lower = colour.pushed(message("alice", "x"), Optional.empty()).styleAt(nameStart());
        AttributedStyle upper = colour.pushed(message("ALICE", "x"), Optional.empty()).styleAt(nameStart());
        assertThat(upper).isEqualTo(lower);
    }

    @Test
    void differentNamesGetDifferentColours() {
        List<AttributedStyle> styles = new ArrayList<>();
        for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi")) {
            styles.add(colour.pushed(message(name, "x"), Optional.empty()).styleAt(nameStart()));
        }
        assertThat(styles.stream().distinct().count()).as("colours among 8 names").isGreaterThanOrEqualTo(4);
    }

    @Test
    void nameColoursAvoidTheColoursOfErrorsNoticesAndNotes() {
        assertThat(Theme.NAME_COLOURS).doesNotContain(AttributedStyle.RED, AttributedStyle.YELLOW,
                AttributedStyle.CYAN, AttributedStyle.BLACK, AttributedStyle.WHITE);
    }

    @Test
    void ownMessagesStandOut() {
        ChatName alice = new ChatName("alice");
        AttributedString own = colour.pushed(message("alice", "mine"), Optional.of(alice));
        AttributedString other = colour.pushed(message("alice", "mine"), Optional.empty());
        int text = own.toString().indexOf("mine");
        assertThat(own.styleAt(nameStart())).isEqualTo(other.styleAt(nameStart()).underline());
        assertThat(own.styleAt(text)).isEqualTo(AttributedStyle.BOLD);
        assertThat(other.styleAt(text)).isEqualTo(AttributedStyle.DEFAULT);
    }

    @Test
    void ownMessagesStandOutWithoutColourToo() {
        AttributedString own = mono.pushed(message("Alice", "mine"), Optional.of(new ChatName("alice")));
        assertThat(own.styleAt(nameStart())).isEqualTo(AttributedStyle.BOLD.underline());
        assertThat(own.styleAt(own.toString().indexOf("mine"))).isEqualTo(AttributedStyle.BOLD);
    }

    @Test
    void noticesAreItalicAndYellow() {
        AttributedString notice = colour.pushed(notice("alice has joined our chat..."), Optional.empty());
        assertThat(notice.styleAt(9)).isEqualTo(AttributedStyle.DEFAULT.italic().foreground(AttributedStyle.YELLOW));
        assertThat(mono.pushed(notice("x"), Optional.empty()).styleAt(9)).isEqualTo(AttributedStyle.DEFAULT.italic());
    }

    @Test
    void withoutColourNoColourCodeIsWritten() {
        List<AttributedString> everything = List.of(
                mono.pushed(message("alice", "hi"), Optional.empty()),
                mono.pushed(message("bob", "hi"), Optional.of(new ChatName("bob"))),
                mono.pushed(notice("bob has left our chat..."), Optional.empty()),
                mono.refused(new Command.Text("hi"), "rate limited"),
                mono.error("disconnected"),
                mono.info("You joined as bob."),
                mono.serverText("Welcome to netcat-chat! Each line...", 0, false).orElseThrow(),
                mono.help(),
                mono.prompt(Optional.of(new ChatName("bob"))));
        for (AttributedString shown : everything) {
            assertThat(colourParameters(shown.toAnsi(256, ForceMode.None))).as(shown.toString()).isEmpty();
        }
        assertThat(colourParameters(colour.error("x").toAnsi(256, ForceMode.None))).isNotEmpty();
    }

    @Test
    void refusalsSayWhatTheyMeanForTheUser() {
        assertThat(colour.refused(new Command.Text("hi"), "rate limited").toString())
                .isEqualTo("error: rate limited (message not sent)");
        assertThat(colour.refused(new Command.Name(new ChatName("bob")), "name taken").toString())
                .isEqualTo("error: name taken (name unchanged)");
        assertThat(colour.refused(Command.Hist.all(), "history unavailable").toString())
                .isEqualTo("error: history unavailable (no history shown)");
        assertThat(colour.refused(new Command.Text("hi"), "x").styleAt(0))
                .isEqualTo(AttributedStyle.BOLD.foreground(AttributedStyle.RED));
    }

    @Test
    void theGreetingIsCutAfterItsFirstSentence() {
        assertThat(greeting("Welcome to netcat-chat! Each line you send starts with a command:", 0, false))
                .isEqualTo("Welcome to netcat-chat!");
        assertThat(greeting("Welcome to netcat-chat", 0, false)).isEqualTo("Welcome to netcat-chat");
        assertThat(greeting("Welcome to v1.2 of it. Type", 0, false)).isEqualTo("Welcome to v1.2 of it.");
        assertThat(greeting("Hi\u001b[2J! more", 0, false)).isEqualTo("Hi\uFFFD[2J!");
    }

    @Test
    void theGreetingsCommandTableIsHiddenButOtherServerLinesAreShown() {
        assertThat(colour.serverText("  name alice     join the chat as alice", 1, false)).isEmpty();
        assertThat(colour.serverText("", 2, false)).isEmpty();
        assertThat(greeting("Closing: no name within 30 seconds.", 5, false))
                .isEqualTo("Closing: no name within 30 seconds.");
        assertThat(greeting("  indented after joining", 6, true)).isEqualTo("  indented after joining");
        assertThat(colour.serverText("Welcome", 0, false).orElseThrow().styleAt(0)).isEqualTo(AttributedStyle.BOLD);
    }

    @Test
    void thePromptShowsTheName() {
        assertThat(colour.prompt(Optional.empty()).toString()).isEqualTo("> ");
        assertThat(colour.prompt(Optional.of(new ChatName("zoë"))).toString()).isEqualTo("zoë> ");
    }

    @Test
    void helpListsEveryCommand() {
        String help = colour.help().toString();
        assertThat(help).contains("/name NEW", "/hist [N]", "/quit", "/help", "//text", "Ctrl+D", "Up/Down");
        assertThat(Renderer.helpText()).contains("/name NEW", "/hist [N]", "/quit", "/help");
    }

    private String greeting(String text, int index, boolean joined) {
        return colour.serverText(text, index, joined).map(AttributedString::toString).orElse("(hidden)");
    }

    private static int nameStart() {
        return "17:46:36 ".length();
    }

    private static PushedLine message(String sender, String text) {
        return new PushedLine.Message(LocalDateTime.of(2026, 11, 27, 17, 46, 36), sender, text);
    }

    private static PushedLine notice(String text) {
        return new PushedLine.Notice(LocalDateTime.of(2026, 11, 27, 17, 46, 36), text);
    }

    /** SGR parameters that set a foreground or background colour. */
    private static List<String> colourParameters(String ansi) {
        List<String> found = new ArrayList<>();
        Matcher sgr = SGR.matcher(ansi);
        while (sgr.find()) {
            for (String parameter : sgr.group(1).split(";")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int p = Integer.parseInt(parameter);
                boolean setsColour = (p >= 30 && p <= 38) || (p >= 40 && p <= 48)
                        || (p >= 90 && p <= 97) || (p >= 100 && p <= 107);
                if (setsColour) {
                    found.add(parameter);
                }
            }
        }
        return found;
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            # sender | text                      | mentions carol
            bob      | carol: ping               | true
            bob      | hi Carol!                 | true
            bob      | CAROL.                    | true
            bob      | ask carol, or dave        | true
            bob      | caroline is here          | false
            bob      | mycarol                   | false
            bob      | carol_2 is another name   | false
            bob      | nobody                    | false
            carol    | carol: talking to myself  | false
            Carol    | I am carol                | false
            """)
    void aMessageMentionsTheUserWhenItNamesThemAsAWord(String sender, String text, boolean mentions) {
        assertThat(Renderer.mentions(message(sender, text), Optional.of(new ChatName("carol")))).isEqualTo(mentions);
        assertThat(Renderer.mentions(message(sender, text), Optional.empty())).isFalse();
    }

    @Test
    void aMentionIsInReverseVideoWithOrWithoutColour() {
        for (Renderer renderer : List.of(colour, mono)) {
            String ansi = renderer.pushed(message("bob", "carol: ping"), Optional.of(new ChatName("carol"))).toAnsi();
            assertThat(ansi).containsPattern("\u001b\\[[0-9;]*7[0-9;]*mcarol: ping");
        }
    }
}
