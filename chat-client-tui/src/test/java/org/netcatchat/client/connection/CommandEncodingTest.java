package org.netcatchat.client.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.CommandEncoder;
import org.netcatchat.protocol.Frame;
import org.netcatchat.protocol.FrameParser;
import org.netcatchat.protocol.Wire;

/** What the client writes is what the server's parser reads back: chat-core's encoder against its parser. */
class CommandEncodingTest {

    static Stream<Arguments> commandsOnTheWire() {
        return Stream.of(
                Arguments.of(new Command.Name(new ChatName("alice")), "name alice\n"),
                Arguments.of(new Command.Name(new ChatName("zoë.o-k_1")), "name zoë.o-k_1\n"),
                Arguments.of(new Command.Text("hello"), "text hello\n"),
                Arguments.of(new Command.Text(" leading space"), "text  leading space\n"),
                Arguments.of(new Command.Text("tab\there"), "text tab\there\n"),
                Arguments.of(new Command.Text("/not a command"), "text /not a command\n"),
                Arguments.of(Command.Hist.all(), "hist\n"),
                Arguments.of(Command.Hist.last(20), "hist 20\n"),
                Arguments.of(new Command.Quit(), "quit\n"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource
    void commandsOnTheWire(Command command, String line) {
        byte[] bytes = CommandEncoder.encode(command);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(line);
        List<Frame> frames = new ArrayList<>();
        new FrameParser(Wire.DEFAULT_MAX_LINE_BYTES).feed(bytes, 0, bytes.length, frames::add);
        assertThat(frames).containsExactly(command);
    }
}
