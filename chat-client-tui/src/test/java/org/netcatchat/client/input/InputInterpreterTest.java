package org.netcatchat.client.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;

class InputInterpreterTest {
    private final InputInterpreter interpreter = new InputInterpreter();

    static Stream<Arguments> linesThatAreSent() {
        return Stream.of(
                Arguments.of("hello", new Command.Text("hello")),
                Arguments.of("  two leading spaces kept", new Command.Text("  two leading spaces kept")),
                Arguments.of("it's \"quoted\" \\ and !! too", new Command.Text("it's \"quoted\" \\ and !! too")),
                Arguments.of("tab\tinside", new Command.Text("tab\tinside")),
                Arguments.of("//slash first", new Command.Text("/slash first")),
                Arguments.of("///", new Command.Text("//")),
                Arguments.of("//", new Command.Text("/")),
                Arguments.of("héllo wörld ✓", new Command.Text("héllo wörld ✓")),
                Arguments.of("/name bob", new Command.Name(name("bob"))),
                Arguments.of("/name   bob  ", new Command.Name(name("bob"))),
                Arguments.of("/NAME Bob", new Command.Name(name("Bob"))),
                Arguments.of("/name\tbob", new Command.Name(name("bob"))),
                Arguments.of("/name ｂｏｂ", new Command.Name(name("bob"))),
                Arguments.of("/hist", Command.Hist.all()),
                Arguments.of("/hist 20", Command.Hist.last(20)),
                Arguments.of("/hist 999999999", Command.Hist.last(999_999_999)),
                Arguments.of("/Hist  7 ", Command.Hist.last(7)),
                Arguments.of("/who", new Command.List()),
                Arguments.of("/WHO ", new Command.List()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" sends {1}")
    @MethodSource
    void linesThatAreSent(String typed, Command expected) {
        assertThat(interpreter.interpret(typed)).isEqualTo(new Input.Send(expected));
    }

    /** Hostile or broken input: nothing a person types can put a control character on the wire. */
    static Stream<Arguments> controlCharactersBecomeReplacementCharacters() {
        return Stream.of(
                Arguments.of("red \u001b[31mtext", "red \uFFFD[31mtext"),
                Arguments.of("bell\u0007", "bell\uFFFD"),
                Arguments.of("del\u007f", "del\uFFFD"),
                Arguments.of("c1\u009b2J", "c1\uFFFD2J"),
                Arguments.of("rtl\u202eevil", "rtl\uFFFDevil"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource
    void controlCharactersBecomeReplacementCharacters(String typed, String sent) {
        assertThat(interpreter.interpret(typed)).isEqualTo(new Input.Send(new Command.Text(sent)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is nothing")
    @ValueSource(strings = {"", " ", "   ", "\t"})
    void blankLinesSendNothing(String typed) {
        assertThat(interpreter.interpret(typed)).isEqualTo(new Input.Nothing());
    }

    static Stream<Arguments> mistakesAreExplainedLocally() {
        return Stream.of(
                Arguments.of("/name", "usage: /name NEW_NAME"),
                Arguments.of("/name   ", "usage: /name NEW_NAME"),
                Arguments.of("/name bob smith", "invalid name: a name may hold only letters, digits, _ - and . (not a space)"),
                Arguments.of("/name [bob]", "invalid name: a name may hold only letters, digits, _ - and . (not '[')"),
                Arguments.of("/name " + "x".repeat(33), "invalid name: a name has at most 32 characters"),
                Arguments.of("/hist 0", "usage: /hist [N], with N a number of lines from 1 to 999999999"),
                Arguments.of("/hist -3", "usage: /hist [N], with N a number of lines from 1 to 999999999"),
                Arguments.of("/hist ten", "usage: /hist [N], with N a number of lines from 1 to 999999999"),
                Arguments.of("/hist 1000000000", "usage: /hist [N], with N a number of lines from 1 to 999999999"),
                Arguments.of("/quit now", "/quit takes no argument"),
                // Was /kick bob, which is a command since issue 18 (OperatorInputTest): still an unknown one with an argument.
                Arguments.of("/slap bob",
                        "unknown command /slap; type /help for the commands, or //text to send a message starting with /"),
                Arguments.of("/join general", "invalid room: a room name starts with #, e.g. #dev"),
                Arguments.of("/join", "usage: /join #ROOM"),
                Arguments.of("/join #a #b", "usage: /join #ROOM"),
                Arguments.of("/part", "the lobby cannot be left; /quit leaves the chat"),
                Arguments.of("/part #lobby", "the lobby cannot be left; /quit leaves the chat"),
                Arguments.of("/msg", "usage: /msg NAME [MESSAGE]"),
                Arguments.of("/msg [bob] hi", "invalid name: a name may hold only letters, digits, _ - and . (not '[')"),
                Arguments.of("/win", "usage: /win N, with N the window's number on the status line"),
                Arguments.of("/win 0", "usage: /win N, with N the window's number on the status line"),
                Arguments.of("/win two", "usage: /win N, with N the window's number on the status line"),
                Arguments.of("/rooms all", "/rooms takes no argument"),
                Arguments.of("/",
                        "unknown command /; type /help for the commands, or //text to send a message starting with /"),
                Arguments.of("/text hello",
                        "unknown command /text; type /help for the commands, or //text to send a message starting with /"),
                Arguments.of("/\u001b[2J",
                        "unknown command /\uFFFD[2j; type /help for the commands, or //text to send a message starting with /"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource
    void mistakesAreExplainedLocally(String typed, String explanation) {
        assertThat(interpreter.interpret(typed)).isEqualTo(new Input.Mistake(explanation));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"/quit", "/QUIT", "/quit  ", "/Quit"})
    void quitLeaves(String typed) {
        assertThat(interpreter.interpret(typed)).isEqualTo(new Input.Quit());
    }

    @Test
    void helpIsLocal() {
        assertThat(interpreter.interpret("/help")).isEqualTo(new Input.Help());
    }

    @Test
    void aLineStartingWithASpaceThenSlashIsAMessage() {
        assertThat(interpreter.interpret(" /quit")).isEqualTo(new Input.Send(new Command.Text(" /quit")));
    }

    @Test
    void aPastedBlockIsOneInputPerLineAndBlankLinesAreSkipped() {
        assertThat(interpreter.interpretAll("first\n\n/hist 2\r\nsecond\r/bogus"))
                .containsExactly(
                        new Input.Send(new Command.Text("first")),
                        new Input.Send(Command.Hist.last(2)),
                        new Input.Send(new Command.Text("second")),
                        new Input.Mistake("unknown command /bogus; type /help for the commands,"
                                + " or //text to send a message starting with /"));
    }

    @Test
    void everyCommandOfferedForCompletionIsKnown() {
        assertThat(InputInterpreter.COMMANDS).allSatisfy(command -> {
            Input input = interpreter.interpret(command);
            String explanation = input instanceof Input.Mistake mistake ? mistake.explanation() : "";
            assertThat(explanation).doesNotStartWith("unknown command");
        });
    }

    private static ChatName name(String typed) {
        return switch (ChatName.parse(typed)) {
            case ChatName.Result.Valid valid -> valid.name();
            case ChatName.Result.Invalid invalid -> throw new AssertionError(invalid.reason());
        };
    }
}
