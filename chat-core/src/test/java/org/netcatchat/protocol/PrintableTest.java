package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrintableTest {

    /** Every char of the Basic Multilingual Plane falls in exactly one row: the table is the whole rule. */
    @ParameterizedTest(name = "[{index}] U+{0}..U+{1} unsafe: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # from | to   | unsafe | what
            0000   | 0008 | true   | C0 controls, NUL and BEL among them
            0009   | 0009 | false  | TAB
            000A   | 001F | true   | C0 controls, LF CR and ESC among them
            0020   | 007E | false  | printable ASCII
            007F   | 009F | true   | DEL and the C1 controls (U+009B is a one-char CSI)
            00A0   | 2027 | false  | letters, marks, symbols, spaces
            2028   | 2029 | true   | line and paragraph separator
            202A   | 202E | true   | bidi embeddings and overrides
            202F   | 2065 | false  | more punctuation
            2066   | 2069 | true   | bidi isolates
            206A   | FFFF | false  | the rest, U+FFFD and lone surrogates included
            """)
    void everyUnsafeCharBecomesAReplacementAndEveryOtherStays(String from, String to, boolean unsafe, String what) {
        for (int c = Integer.parseInt(from, 16); c <= Integer.parseInt(to, 16); c++) {
            String text = "a" + (char) c + "b";
            String expected = unsafe ? "a\uFFFDb" : text;

            assertThat(Printable.clean(text)).as("U+%04X", c).isEqualTo(expected);
            assertThat(Printable.isClean(text)).as("U+%04X", c).isEqualTo(!unsafe);
            assertThat(Printable.isClean(Printable.clean(text))).as("U+%04X", c).isTrue();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # text                                        | cleaned
            hello                                         | hello
            ''                                            | ''
            tab<TAB>stays                                 | tab<TAB>stays
            héllo 世界 🙂                                   | héllo 世界 🙂
            <ESC>[31mred<ESC>[0m                          | �[31mred�[0m
            <ESC>]0;title<BEL>                            | �]0;title�
            <ESC>[2J<ESC>[H                               | �[2J�[H
            line1<LF>line2<CR><LF>                        | line1�line2��
            <NUL><NUL>                                    | ��
            <xE2><x80><xAE>exe.txt                        | �exe.txt
            already � replaced                            | already � replaced
            """)
    void escapeSequencesAreDefusedCharByChar(String text, String cleaned) {
        assertThat(Printable.clean(Notation.text(text))).isEqualTo(Notation.text(cleaned));
    }
}
