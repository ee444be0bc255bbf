package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatNameTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # typed                             | display                           | key
            alice                               | alice                             | alice
            ALICE                               | ALICE                             | alice
            Alice                               | Alice                             | alice
            ａｌｉｃｅ                              | alice                             | alice
            ＡＬＩＣＥ                              | ALICE                             | alice
            Zoë                                 | Zoë                               | zoë
            ZOË                                 | ZOË                               | zoë
            李小龙                                 | 李小龙                               | 李小龙
            Ωμέγα                               | Ωμέγα                             | ωμέγα
            a.b_c-d                             | a.b_c-d                           | a.b_c-d
            7                                   | 7                                 | 7
            _                                   | _                                 | _
            ..                                  | ..                                | ..
            cafe<xCC><x81>                      | café                              | café
            ﬁne                                 | fine                              | fine
            Ⅻ                                   | XII                               | xii
            <x*32>                              | <x*32>                            | <x*32>
            <𠀀*32>                              | <𠀀*32>                            | <𠀀*32>
            """)
    void validNamesAreNormalisedAndKeyedCaseAndWidthInsensitively(String typed, String display, String key) {
        ChatName.Result result = ChatName.parse(Notation.text(typed));

        assertThat(result).isInstanceOf(ChatName.Result.Valid.class);
        ChatName name = ((ChatName.Result.Valid) result).name();
        assertThat(name.display()).isEqualTo(Notation.text(display));
        assertThat(name.key()).isEqualTo(Notation.text(key));
        assertThat(name).hasToString(Notation.text(display));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # typed                  | reason contains
            ""                       | at least one character
            <SP>                     | not a space
            al ice                   | not a space
            <SP>alice                | not a space
            alice<TAB>               | not U+0009
            a<NUL>b                  | not U+0000
            <ESC>[31malice           | not U+001B
            alice<DEL>               | not U+007F
            a<xC2><x9B>b             | not U+009B
            a<xE2><x80><xAE>b        | not U+202E
            a<xE2><x81><xA6>b        | not U+2066
            a<xE2><x80><xA8>b        | not U+2028
            a<xE2><x80><xA9>b        | not U+2029
            a<xE2><x80><x8B>b        | not U+200B
            a<xEF><xBF><xBD>b        | not U+FFFD
            [alice]                  | not '['
            alice:                   | not ':'
            a/b                      | not '/'
            🙂                        | not '🙂'
            <xCC><x81>abc            | not '<xCC><x81>'
            <x*33>                   | at most 32 characters
            <𠀀*33>                   | at most 32 characters
            """)
    void invalidNamesSayWhyInPrintableWords(String typed, String reason) {
        ChatName.Result result = ChatName.parse(Notation.text(typed));

        assertThat(result).isInstanceOf(ChatName.Result.Invalid.class);
        String said = ((ChatName.Result.Invalid) result).reason();
        assertThat(said).contains(Notation.text(reason));
        assertThat(Printable.isClean(said)).as("reason is printable: %s", said).isTrue();
    }

    @Test
    void theSamePersonHasOneKeyHoweverTheNameIsCasedOrWidened() {
        assertThat(keyOf("alice"))
                .isEqualTo(keyOf("ALICE"))
                .isEqualTo(keyOf("aLiCe"))
                .isEqualTo(keyOf("ａｌｉｃｅ"))
                .isEqualTo(keyOf("ＡＬＩＣＥ"));
        assertThat(keyOf("alice")).isNotEqualTo(keyOf("alicé")).isNotEqualTo(keyOf("alice2"));
    }

    @Test
    void caseIsFoldedFullySoGermanAndGreekSpellingsMeetToo() {
        assertThat(keyOf("straße")).isEqualTo(keyOf("STRASSE")).isEqualTo(keyOf("strasse"));
        assertThat(keyOf("οδυσσευς")).isEqualTo(keyOf("ΟΔΥΣΣΕΥΣ")).isEqualTo(keyOf("Οδυσσευσ"));
    }

    @Test
    void constructorAcceptsOnlyValidNamesAlreadyInNfkcForm() {
        assertThat(new ChatName("alice").display()).isEqualTo("alice");
        assertThatThrownBy(() -> new ChatName("ａｌｉｃｅ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NFKC");
        assertThatThrownBy(() -> new ChatName("al ice")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatName("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatName(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Zoë", "李小龙", "a.b_c-d"})
    void aParsedNameEqualsTheNameBuiltDirectly(String typed) {
        assertThat(ChatName.parse(typed)).isEqualTo(new ChatName.Result.Valid(new ChatName(typed)));
    }

    private static String keyOf(String typed) {
        return ((ChatName.Result.Valid) ChatName.parse(typed)).name().key();
    }
}
