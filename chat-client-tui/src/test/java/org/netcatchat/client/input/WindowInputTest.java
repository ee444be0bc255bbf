package org.netcatchat.client.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netcatchat.client.window.WindowName;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.CommandEncoder;
import org.netcatchat.protocol.RoomName;
import org.netcatchat.protocol.Wire;

/** What a line means depends on the window in front: the room and private commands of version 2. */
class WindowInputTest {
    private static final WindowName LOBBY = new WindowName.Lobby();
    private static final RoomName DEV = new RoomName("dev");
    private static final WindowName DEV_WINDOW = new WindowName.Room(DEV);
    private static final ChatName BOB = new ChatName("bob");
    private static final WindowName BOB_WINDOW = new WindowName.Conversation(BOB);
    private final InputInterpreter interpreter = new InputInterpreter();

    static Stream<Arguments> linesMeanWhatTheirWindowMakesThem() {
        return Stream.of(
                Arguments.of(LOBBY, "hello", new Input.Send(new Command.Text("hello"))),
                Arguments.of(DEV_WINDOW, "hello", new Input.Send(new Command.TellRoom(DEV, "hello"))),
                Arguments.of(BOB_WINDOW, "hello", new Input.Send(new Command.TellPerson(BOB, "hello"))),
                Arguments.of(DEV_WINDOW, "//slash", new Input.Send(new Command.TellRoom(DEV, "/slash"))),
                Arguments.of(LOBBY, "/join #Dev", new Input.Send(new Command.Join(DEV))),
                Arguments.of(BOB_WINDOW, "/join #dev", new Input.Send(new Command.Join(DEV))),
                Arguments.of(DEV_WINDOW, "/join #lobby", new Input.Show(LOBBY)),
                Arguments.of(DEV_WINDOW, "/part", new Input.Send(new Command.Part(DEV))),
                Arguments.of(LOBBY, "/part #dev", new Input.Send(new Command.Part(DEV))),
                Arguments.of(BOB_WINDOW, "/part", new Input.Close(new WindowName.Conversation(BOB))),
                Arguments.of(LOBBY, "/msg bob hi there", new Input.Send(new Command.TellPerson(BOB, "hi there"))),
                Arguments.of(DEV_WINDOW, "/msg Bob  hi", new Input.Send(new Command.TellPerson(new ChatName("Bob"), "hi"))),
                Arguments.of(LOBBY, "/msg bob", new Input.Show(BOB_WINDOW)),
                Arguments.of(LOBBY, "/rooms", new Input.Send(new Command.Rooms())),
                Arguments.of(DEV_WINDOW, "/win 3", new Input.Select(3)),
                Arguments.of(DEV_WINDOW, "/who", new Input.Send(new Command.RoomList(DEV))),
                Arguments.of(BOB_WINDOW, "/who", new Input.Send(new Command.List())),
                Arguments.of(DEV_WINDOW, "/hist", new Input.Send(new Command.RoomHist(DEV, OptionalInt.empty()))),
                Arguments.of(DEV_WINDOW, "/hist 5", new Input.Send(new Command.RoomHist(DEV, OptionalInt.of(5)))),
                Arguments.of(BOB_WINDOW, "/hist 5", new Input.Send(Command.Hist.last(5))));
    }

    @ParameterizedTest(name = "[{index}] in {0}: \"{1}\"")
    @MethodSource
    void linesMeanWhatTheirWindowMakesThem(WindowName front, String typed, Input expected) {
        assertThat(interpreter.interpret(typed, front)).isEqualTo(expected);
    }

    @Test
    void aPasteGoesToTheWindowInFrontEvenItsSlashLines() {
        assertThat(interpreter.interpretPasted("/part\nok", DEV_WINDOW)).containsExactly(
                new Input.Send(new Command.TellRoom(DEV, "/part")), new Input.Send(new Command.TellRoom(DEV, "ok")));
    }

    @Test
    void aLongRoomMessageIsCutSoThatEachLineFitsWithItsLongerCommand() {
        List<Input> inputs = interpreter.interpretAll("x".repeat(5000), DEV_WINDOW);

        assertThat(inputs).hasSize(2).allSatisfy(input -> {
            Command command = ((Input.Send) input).command();
            assertThat(command).isInstanceOf(Command.TellRoom.class);
            assertThat(CommandEncoder.encode(command).length - 1).isLessThanOrEqualTo(Wire.DEFAULT_MAX_LINE_BYTES);
        });
        assertThat(CommandEncoder.encode(((Input.Send) inputs.getFirst()).command()).length - 1)
                .isEqualTo(Wire.DEFAULT_MAX_LINE_BYTES);
    }

    @Test
    void aLongPrivateMessageIsCutTheSameWay() {
        List<Input> inputs = interpreter.interpretAll("/msg bob " + "y".repeat(5000));

        assertThat(inputs).hasSize(2).allSatisfy(input -> assertThat(
                CommandEncoder.encode(((Input.Send) input).command()).length - 1)
                .isLessThanOrEqualTo(Wire.DEFAULT_MAX_LINE_BYTES));
    }
}
