package org.netcatchat.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CommandEncoderTest {
    static Stream<Command> commands() {
        return Stream.of(
                new Command.Name(new ChatName("alice")),
                new Command.Name(new ChatName("Zoë")),
                new Command.Text("hello"),
                new Command.Text("  leading spaces and a\ttab"),
                Command.Hist.all(),
                Command.Hist.last(20),
                new Command.List(),
                new Command.Quit());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void anEncodedCommandParsesBackToItself(Command command) {
        byte[] line = CommandEncoder.encode(command);
        assertThat(line[line.length - 1]).isEqualTo(Wire.LF);
        List<Frame> frames = new ArrayList<>();
        new FrameParser(Wire.DEFAULT_MAX_LINE_BYTES).feed(line, 0, line.length, frames::add);
        assertThat(frames).containsExactly(command);
        assertThat(new String(line, StandardCharsets.UTF_8)).startsWith(new String(line, 0, 4, StandardCharsets.US_ASCII));
    }
}
