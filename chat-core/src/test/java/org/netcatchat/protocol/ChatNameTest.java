package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
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

    /**
     * Code points that render as nothing (Default_Ignorable_Code_Point), whatever Java's general category
     * says: the six from the impersonation report, the Hangul fillers, and more from every range.
     */
    static Stream<Arguments> invisibleCodePoints() {
        return Stream.of(
                Arguments.of(0x034F, "combining grapheme joiner (Mn)"),
                Arguments.of(0xFE0F, "variation selector-16 (Mn)"),
                Arguments.of(0x115F, "Hangul choseong filler (Lo)"),
                Arguments.of(0x1160, "Hangul jungseong filler (Lo)"),
                Arguments.of(0x17B4, "Khmer vowel inherent AQ (Mn)"),
                Arguments.of(0xE0100, "variation selector-17 (Mn)"),
                Arguments.of(0x3164, "Hangul filler (Lo)"),
                Arguments.of(0xFFA0, "halfwidth Hangul filler (Lo)"),
                Arguments.of(0x17B5, "Khmer vowel inherent AA (Mn)"),
                Arguments.of(0xFE00, "variation selector-1 (Mn)"),
                Arguments.of(0xE01EF, "variation selector-256 (Mn)"),
                Arguments.of(0x180B, "Mongolian free variation selector one (Mn)"),
                Arguments.of(0x180F, "Mongolian free variation selector four (Mn)"),
                Arguments.of(0x180E, "Mongolian vowel separator (Cf)"),
                Arguments.of(0x00AD, "soft hyphen (Cf)"),
                Arguments.of(0x061C, "Arabic letter mark (Cf)"),
                Arguments.of(0x200C, "zero width non-joiner (Cf)"),
                Arguments.of(0x200D, "zero width joiner (Cf)"),
                Arguments.of(0x200E, "left-to-right mark (Cf)"),
                Arguments.of(0x2060, "word joiner (Cf)"),
                Arguments.of(0x2064, "invisible plus (Cf)"),
                Arguments.of(0xFEFF, "zero width no-break space (Cf)"),
                Arguments.of(0x1BCA0, "shorthand format letter overlap (Cf)"),
                Arguments.of(0x1D173, "musical symbol begin beam (Cf)"),
                Arguments.of(0xE0001, "language tag (Cf)"),
                Arguments.of(0xE0041, "tag latin capital letter A (Cf)"));
    }

    @ParameterizedTest(name = "[{index}] U+{0} {1}")
    @MethodSource("invisibleCodePoints")
    void aNameCannotHoldACharacterThatRendersAsNothing(int codePoint, String what) {
        String invisible = Character.toString(codePoint);
        for (String typed : new String[] {"alice" + invisible, "ali" + invisible + "ce", invisible + "alice",
                invisible, invisible.repeat(3)}) {
            ChatName.Result result = ChatName.parse(typed);

            assertThat(result).as("%s in %s", what, typed.codePoints().mapToObj(Integer::toHexString).toList())
                    .isInstanceOf(ChatName.Result.Invalid.class);
            String said = ((ChatName.Result.Invalid) result).reason();
            assertThat(said).contains("invisible").containsPattern("not U\\+[0-9A-F]{4,5}");
            assertThat(Printable.isClean(said)).as("reason is printable: %s", said).isTrue();
        }
        assertThatThrownBy(() -> new ChatName("alice" + invisible)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyDefaultIgnorableCodePointIsRefusedAfterALetter() {
        int[] accepted = IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
                .filter(Invisible::isDefaultIgnorable)
                .filter(cp -> ChatName.parse("alice" + Character.toString(cp)) instanceof ChatName.Result.Valid)
                .toArray();

        assertThat(accepted).isEmpty();
        assertThat(IntStream.rangeClosed(0, Character.MAX_CODE_POINT).filter(Invisible::isDefaultIgnorable).count())
                .as("size of Unicode's Default_Ignorable_Code_Point set").isEqualTo(4174);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # typed, with visible combining marks                    | display
            Zoe<xCC><x88>                                            | Zoë
            nai<xCC><x88>ve                                          | naïve
            देवनागरी                                                  | देवनागरी
            नमस्ते                                                    | नमस्ते
            สมศักดิ์                                                    | สมศักดิ์
            សុខា                                                     | សុខា
            김철수                                                    | 김철수
            Jose<xCC><x81>                                           | José
            Nguye<xCC><x82><xCC><x83>n                               | Nguyễn
            दीपिका                                                    | दीपिका
            ศักดิ์                                                      | ศักดิ์
            مُحَمَّد                                                    | مُحَمَّد
            שָׁלוֹם                                                    | שָׁלוֹם
            a1<xCC><x81>                                             | a1́
            """)
    void visibleCombiningMarksStillMakeValidNames(String typed, String display) {
        ChatName.Result result = ChatName.parse(Notation.text(typed));

        assertThat(result).isInstanceOf(ChatName.Result.Valid.class);
        assertThat(((ChatName.Result.Valid) result).name().display()).isEqualTo(Notation.text(display));
    }

    /**
     * Marks that are not Default_Ignorable but have nothing to render on: a filler that renders as nothing
     * (U+16FE4 KHITAN SMALL SCRIPT FILLER, even after a Khitan letter), and marks of one script after a letter of
     * another, which render as nothing or as a lone dotted circle.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # typed                                      | reason contains
            alice<xF0><x96><xBF><xA4>                    | invisible characters (not U+16FE4)
            ali<xF0><x96><xBF><xA4>ce                    | invisible characters (not U+16FE4)
            <xF0><x98><xAC><x80><xF0><x96><xBF><xA4>     | invisible characters (not U+16FE4)
            alice<xE0><xB8><xB1>                         | (not U+0E31 after 'e')
            alice<xE0><xA4><xBF>                         | (not U+093F after 'e')
            alice<xE0><xBE><xB5>                         | (not U+0FB5 after 'e')
            alice<xE1><x9E><xB6>                         | (not U+17B6 after 'e')
            a_<xCC><x81>                                 | (not U+0301 after '_')
            a.<xCC><x81><xCC><x81>                       | (not U+0301 after '.')
            ก<xE0><xA4><xBF>                              | (not U+093F after 'ก')
            """)
    void aCombiningMarkWithNothingOfItsScriptToRenderOnIsRefused(String typed, String reason) {
        ChatName.Result result = ChatName.parse(Notation.text(typed));

        assertThat(result).isInstanceOf(ChatName.Result.Invalid.class);
        String said = ((ChatName.Result.Invalid) result).reason();
        assertThat(said).contains(reason);
        assertThat(Printable.isClean(said)).as("reason is printable: %s", said).isTrue();
    }

    @Test
    void theKeyIsWhatAReaderSeesSoInvisibleCharactersNeverTellTwoNamesApart() {
        assertThat(Invisible.strip("ali\u034Fce\uFE0F")).isEqualTo("alice");
        assertThat(Invisible.strip("alice\uDB40\uDD00")).isEqualTo("alice");
        assertThat(Invisible.strip("\u3164")).isEmpty();
        assertThat(Invisible.strip("Zoë")).isEqualTo("Zoë");
    }

    private static String keyOf(String typed) {
        return ((ChatName.Result.Valid) ChatName.parse(typed)).name().key();
    }
}
