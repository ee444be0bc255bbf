package org.netcatchat.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, defect 7: every invalid byte or control character becomes a three-byte U+FFFD, so the line limit
 * is applied to the {@code text} line as it will go on the wire, not only to the bytes read.
 */
class SanitisedLineLimitTest {
    private static final int LIMIT = Wire.DEFAULT_MAX_LINE_BYTES;

    @Test
    void aLineOfInvalidBytesWithinTheReadLimitIsRefusedWhenItsRepliesWouldExceedIt() {
        // the line: "text " and 4,091 bytes of 0xFF, 4,096 bytes read, 12,278 once sanitised
        Frame frame = parseOne(textOf(4091, (byte) 0xFF));

        assertThat(frame).isInstanceOfSatisfying(Frame.Malformed.class, malformed -> {
            assertThat(malformed.problem()).isEqualTo(Problem.LINE_TOO_LONG);
            assertThat(malformed.reply().reason()).contains("max 4096 bytes, it would be 12278").contains("not sent");
        });
    }

    @Test
    void theLimitIsExactOnTheSanitisedLine() {
        // 5 + 3 * 1363 = 4094 fits; 5 + 3 * 1364 = 4097 does not
        assertThat(parseOne(textOf(1363, (byte) 0xFF))).isInstanceOfSatisfying(Command.Text.class,
                text -> assertThat(text.message()).isEqualTo("\uFFFD".repeat(1363)));
        assertThat(parseOne(textOf(1364, (byte) 0xFF))).isInstanceOf(Frame.Malformed.class);
        assertThat(parseOne(textOf(1364, (byte) 0x1B))).as("ESC is replaced too").isInstanceOf(Frame.Malformed.class);
        assertThat(parseOne(textOf(LIMIT - 5, (byte) 'x'))).as("plain text up to the limit").isInstanceOf(Command.Text.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "héllo 世界 🙂", "\uFFFD\uFFFD", "𝄞𝄞", "tab\tkept"})
    void theCountedLengthIsTheEncodedLength(String text) {
        assertThat(FrameParser.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    private static byte[] textOf(int count, byte each) {
        byte[] line = new byte[5 + count + 1];
        System.arraycopy("text ".getBytes(StandardCharsets.US_ASCII), 0, line, 0, 5);
        Arrays.fill(line, 5, 5 + count, each);
        line[line.length - 1] = Wire.LF;
        return line;
    }

    private static Frame parseOne(byte[] input) {
        List<Frame> frames = new ArrayList<>();
        new FrameParser(LIMIT).feed(input, 0, input.length, frames::add);
        assertThat(frames).hasSize(1);
        return frames.getFirst();
    }
}
