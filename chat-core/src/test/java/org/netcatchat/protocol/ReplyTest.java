package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ReplyTest {

    @Test
    void ackIsASingleNulByte() {
        assertThat(Reply.ACK.encode()).containsExactly(0);
        assertThat(new Reply.Ack().encode()).containsExactly(Wire.END_OF_REPLY);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # reason                          | wire
            name taken                        | ERR name taken<LF><NUL>
            empty message: nothing was sent   | ERR empty message: nothing was sent<LF><NUL>
            naïve 🙂                           | ERR naïve 🙂<LF><NUL>
            two<LF>lines                      | ERR two�lines<LF><NUL>
            <NUL>inside                       | ERR �inside<LF><NUL>
            <ESC>[31mred<ESC>]0;t<BEL>        | ERR �[31mred�]0;t�<LF><NUL>
            <xE2><x80><xAE>rtl                | ERR �rtl<LF><NUL>
            ''                                | ERR <LF><NUL>
            """)
    void errorIsOnePrintableLineThenNul(String reason, String wire) {
        Reply.Error error = new Reply.Error(Problem.UNKNOWN_COMMAND, Notation.text(reason));

        assertThat(error.encode()).isEqualTo(Notation.bytes(wire));
        assertThat(Printable.isClean(error.reason())).isTrue();
    }

    @Test
    void anErrorNeverHoldsALineEndOrNulBeforeItsEnd() {
        byte[] wire = new Reply.Error(Problem.BAD_ARGUMENT, "a\nb\rc\0d\u0085e\u2028f").encode();
        String text = new String(wire, 0, wire.length - 2, StandardCharsets.UTF_8);

        assertThat(text).startsWith(Wire.ERROR_PREFIX).doesNotContain("\n", "\r", "\0", "\u0085", "\u2028");
        assertThat(wire[wire.length - 2]).isEqualTo(Wire.LF);
        assertThat(wire[wire.length - 1]).isEqualTo(Wire.END_OF_REPLY);
    }

    @Test
    void aMalformedFrameRepliesWithItsProblemAndReason() {
        Frame.Malformed malformed = new Frame.Malformed(Problem.LINE_TOO_LONG, "line too long");

        assertThat(malformed.reply()).isEqualTo(new Reply.Error(Problem.LINE_TOO_LONG, "line too long"));
        assertThat(new String(malformed.reply().encode(), StandardCharsets.UTF_8)).isEqualTo("ERR line too long\n\0");
    }

    @Test
    void anErrorNeedsAProblemAndAReason() {
        assertThatThrownBy(() -> new Reply.Error(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Reply.Error(Problem.BAD_ARGUMENT, null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @EnumSource(Problem.class)
    void everyProblemHasAPrometheusStyleLabel(Problem problem) {
        assertThat(problem.label()).matches("[a-z][a-z_]*").isEqualToIgnoringCase(problem.name());
    }

    @ParameterizedTest
    @CsvSource({"UNKNOWN_COMMAND, unknown_command", "LINE_TOO_LONG, line_too_long", "RATE_LIMITED, rate_limited"})
    void labelIsTheLowerCaseName(Problem problem, String label) {
        assertThat(problem.label()).isEqualTo(label);
    }
}
