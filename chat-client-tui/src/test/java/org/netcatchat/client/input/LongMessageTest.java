package org.netcatchat.client.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netcatchat.protocol.Command;

class LongMessageTest {
    private final InputInterpreter interpreter = new InputInterpreter();

    /** Each message is cut with a small limit, so that every kind of character lands on a cut somewhere. */
    static Stream<Arguments> messagesAndTheirCharacters() {
        return Stream.of(
                Arguments.of("ascii only", "abcdefghij".repeat(7)),
                Arguments.of("2-byte", "é".repeat(40)),
                Arguments.of("3-byte", "日本語".repeat(20)),
                Arguments.of("4-byte, surrogate pairs", "😀".repeat(30)),
                Arguments.of("e and a combining accent", "e\u0301".repeat(30)),
                Arguments.of("a family emoji (ZWJ sequence)", "👨‍👩‍👧 ".repeat(10)),
                Arguments.of("a flag (two regional indicators)", "🇯🇵".repeat(20)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("messagesAndTheirCharacters")
    void partsFitAndReadBackAsTheMessageWithNoCharacterCut(String kind, String message) {
        List<String> parts = LongMessage.split(message, 25);

        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(String.join("", parts)).isEqualTo(message);
        for (String part : parts) {
            assertThat(part.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(25);
            assertThat(Character.isLowSurrogate(part.charAt(0))).isFalse();
            assertThat(part.codePointAt(0)).isNotIn(0x0301, 0x200D); // no accent or joiner left alone at a start
        }
    }

    @Test
    void aClusterLongerThanAWholePartIsCutBetweenItsCodePoints() {
        String zalgo = "a" + "\u0301".repeat(20); // 41 bytes, one cluster

        List<String> parts = LongMessage.split(zalgo, 25);

        assertThat(String.join("", parts)).isEqualTo(zalgo);
        assertThat(parts).allSatisfy(part -> assertThat(part.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(25));
    }

    /** A line over the server's 4,096 bytes used to be sent whole, and discarded by the server. */
    @Test
    void aTypedLineOverTheServersLimitIsSentAsMessagesThatFit() {
        String line = "日本語".repeat(500); // 4,500 bytes

        List<Input> inputs = interpreter.interpretAll(line);

        assertThat(inputs).hasSize(2);
        StringBuilder joined = new StringBuilder();
        for (Input input : inputs) {
            String message = ((Command.Text) ((Input.Send) input).command()).message();
            assertThat(("text " + message).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
            joined.append(message);
        }
        assertThat(joined.toString()).isEqualTo(line);
    }

    @Test
    void aLineThatFitsExactlyIsOneMessage() {
        String line = "x".repeat(4091); // "text " + 4,091 bytes = 4,096

        assertThat(interpreter.interpretAll(line)).containsExactly(new Input.Send(new Command.Text(line)));
    }

    /** A pasted /quit used to be run as a command, and the rest of the paste was lost. */
    @Test
    void pastedLinesAreMessagesEvenTheOnesStartingWithASlash() {
        assertThat(interpreter.interpretPasted("first\n/quit\n\n/etc/hosts has the entry\r\n//x"))
                .containsExactly(
                        new Input.Send(new Command.Text("first")),
                        new Input.Send(new Command.Text("/quit")),
                        new Input.Send(new Command.Text("/etc/hosts has the entry")),
                        new Input.Send(new Command.Text("//x")));
    }
}
