package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.netcatchat.protocol.Notation.bytes;
import static org.netcatchat.protocol.Notation.describe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client-to-server framing and command grammar. Every table row is fed whole, one byte at a time and in
 * random chunk sizes (empty feeds included), and must give the same frames each way. Inputs and frames are
 * spelled in {@link Notation}.
 */
class FrameParserTest {
    private static final int DEFAULT = Wire.DEFAULT_MAX_LINE_BYTES;
    private static final long[] CHUNK_SEEDS = {1, 2, 3, 42, 8989};

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                                        | frames
            name alice<LF>                                 | Name(alice)
            namealice<LF>                                  | Name(alice)
            name Ünïcödé<LF>                               | Name(Ünïcödé)
            name 李小龙<LF>                                  | Name(李小龙)
            name a.b_c-d9<LF>                              | Name(a.b_c-d9)
            name ａｌｉｃｅ<LF>                               | Name(alice)
            name cafe<xCC><x81><LF>                        | Name(café)
            name <x*32><LF>                                | Name(<x*32>)
            text hello<LF>                                 | Text(hello)
            texthello<LF>                                  | Text(hello)
            text  hi<LF>                                   | Text( hi)
            text hello world <LF>                          | Text(hello world )
            text héllo 世界 🙂<LF>                          | Text(héllo 世界 🙂)
            text tab<TAB>is kept<LF>                       | Text(tab<TAB>is kept)
            text name hist quit<LF>                        | Text(name hist quit)
            hist<LF>                                       | Hist(all)
            hist<SP><LF>                                   | Hist(all)
            hist 5<LF>                                     | Hist(5)
            hist5<LF>                                      | Hist(5)
            hist 1<LF>                                     | Hist(1)
            hist 007<LF>                                   | Hist(7)
            hist 999999999<LF>                             | Hist(999999999)
            list<LF>                                       | List
            list<SP><LF>                                   | List
            quit<LF>                                       | Quit
            quit<SP><LF>                                   | Quit
            name alice<CR><LF>                             | Name(alice)
            name alice<CR>                                 | Name(alice)
            name alice<LF>text hi<LF>hist 2<LF>quit<LF>    | Name(alice), Text(hi), Hist(2), Quit
            list<LF>name bob<LF>list<CR><LF>               | List, Name(bob), List
            text no line end yet                           | ''
            """)
    void commandsParse(String input, String frames) {
        assertFramesHoweverSplit(DEFAULT, input, frames);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                                        | frames
            <LF>                                           | UNKNOWN_COMMAND
            <CR><LF>                                       | UNKNOWN_COMMAND
            nam<LF>                                        | UNKNOWN_COMMAND
            NAME alice<LF>                                 | UNKNOWN_COMMAND
            Text hi<LF>                                    | UNKNOWN_COMMAND
            help<LF>                                       | UNKNOWN_COMMAND
            <SP>name alice<LF>                             | UNKNOWN_COMMAND
            names alice<LF>                                | INVALID_NAME
            name<LF>                                       | INVALID_NAME
            name<SP><LF>                                   | INVALID_NAME
            name  alice<LF>                                | INVALID_NAME
            name al ice<LF>                                | INVALID_NAME
            name [alice]<LF>                               | INVALID_NAME
            name alice:<LF>                                | INVALID_NAME
            name 🙂<LF>                                     | INVALID_NAME
            name <xCC><x81>abc<LF>                         | INVALID_NAME
            name <x*33><LF>                                | INVALID_NAME
            text<LF>                                       | EMPTY_MESSAGE
            text<SP><LF>                                   | EMPTY_MESSAGE
            text    <TAB>   <LF>                           | EMPTY_MESSAGE
            text 　<LF>                                    | EMPTY_MESSAGE
            hist 0<LF>                                     | BAD_ARGUMENT
            hist 000000000<LF>                             | BAD_ARGUMENT
            hist -1<LF>                                    | BAD_ARGUMENT
            hist +5<LF>                                    | BAD_ARGUMENT
            hist five<LF>                                  | BAD_ARGUMENT
            hist 5x<LF>                                    | BAD_ARGUMENT
            hist  5<LF>                                    | BAD_ARGUMENT
            hist 5<SP><LF>                                 | BAD_ARGUMENT
            hist ５<LF>                                    | BAD_ARGUMENT
            hist 1000000000<LF>                            | BAD_ARGUMENT
            hist 0000000001<LF>                            | BAD_ARGUMENT
            hist 99999999999999999999<LF>                  | BAD_ARGUMENT
            quit now<LF>                                   | BAD_ARGUMENT
            quitnow<LF>                                    | BAD_ARGUMENT
            quit<SP><SP><LF>                               | BAD_ARGUMENT
            """)
    void mistakesAreMalformedFrames(String input, String frames) {
        assertFramesHoweverSplit(DEFAULT, input, frames);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                                               | frames
            # NUL bytes
            <NUL><LF>                                             | UNKNOWN_COMMAND
            <NUL><NUL><NUL><NUL>text hi<LF>                       | UNKNOWN_COMMAND
            text a<NUL>b<LF>                                      | Text(a�b)
            text<NUL>hi<LF>                                       | Text(�hi)
            name a<NUL>b<LF>                                      | INVALID_NAME
            te<NUL>t hi<LF>                                       | UNKNOWN_COMMAND
            # invalid UTF-8
            text <xFF><xFE><LF>                                   | Text(��)
            text caf<xC3><LF>                                     | Text(caf�)
            text <xC0><xAF>etc<LF>                                | Text(��etc)
            text <xF0><x9F><x99> truncated<LF>                    | Text(� truncated)
            text <xED><xA0><x80><LF>                              | Text(�)
            name <xFF>alice<LF>                                   | INVALID_NAME
            <xFF><xFF><xFF><xFF><LF>                              | UNKNOWN_COMMAND
            te<xE2><x82>hi<LF>                                    | UNKNOWN_COMMAND
            # ANSI, OSC and other control characters
            text <ESC>[31mred<ESC>[0m<LF>                         | Text(�[31mred�[0m)
            text <ESC>]0;title<BEL><LF>                           | Text(�]0;title�)
            text <ESC>]8;;http://evil<ESC>\\x<ESC>]8;;<ESC>\\<LF> | Text(�]8;;http://evil�\\x�]8;;�\\)
            text <xC2><x9B>31m<LF>                                | Text(�31m)
            text a<DEL>b<x08>c<BEL><LF>                           | Text(a�b�c�)
            text <xE2><x80><xAE>txt.exe<LF>                       | Text(�txt.exe)
            text <xE2><x81><xA6>isolate<xE2><x81><xA9><LF>        | Text(�isolate�)
            text one<xE2><x80><xA8>two<xE2><x80><xA9><LF>         | Text(one�two�)
            text <ESC><LF>                                        | Text(�)
            name <ESC>[31malice<LF>                               | INVALID_NAME
            name alice<ESC>]0;x<BEL><LF>                          | INVALID_NAME
            <ESC>[31m<LF>                                         | UNKNOWN_COMMAND
            <ESC>[2J<ESC>[H<LF>                                   | UNKNOWN_COMMAND
            # CR-only line ends, and CR LF as one end
            text a<CR>text b<CR>quit<CR>                          | Text(a), Text(b), Quit
            text a<CR><CR><LF>                                    | Text(a), UNKNOWN_COMMAND
            text a<LF><CR>                                        | Text(a), UNKNOWN_COMMAND
            text a<LF><LF>                                        | Text(a), UNKNOWN_COMMAND
            text a<CR><LF><CR><LF>hist<CR><LF>                    | Text(a), UNKNOWN_COMMAND, Hist(all)
            # many frames in one chunk
            name a<LF>text 1<LF>text 2<CR>text 3<CR><LF>hist 1<LF>hist<LF>junk<LF>quit<LF> | Name(a), Text(1), Text(2), Text(3), Hist(1), Hist(all), UNKNOWN_COMMAND, Quit
            # binary garbage
            <x89>PNG<CR><LF><x1A><LF><NUL><NUL><NUL><CR>IHDR      | UNKNOWN_COMMAND, UNKNOWN_COMMAND, UNKNOWN_COMMAND
            <x1F><x8B><x08><NUL><xDE><xAD><xBE><xEF><LF>          | UNKNOWN_COMMAND
            <xFF><xFB><x01><xFF><xFD><x03>name bob<LF>            | UNKNOWN_COMMAND
            # a client that sends after quit: the parser keeps parsing, the server decides
            quit<LF>text too late<LF>                             | Quit, Text(too late)
            """)
    void hostileInputIsContained(String input, String frames) {
        assertFramesHoweverSplit(DEFAULT, input, frames);
    }

    @ParameterizedTest(name = "[{index}] max {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # max  | input                                    | frames
            16     | text <a*11><LF>                          | Text(<a*11>)
            16     | text <a*11><CR><LF>                      | Text(<a*11>)
            16     | text <a*11><CR>                          | Text(<a*11>)
            16     | text <a*12><LF>                          | LINE_TOO_LONG
            16     | text <a*12><CR><LF>quit<LF>              | LINE_TOO_LONG, Quit
            16     | text <a*12>                              | LINE_TOO_LONG
            16     | text <a*100><LF>quit<LF>                 | LINE_TOO_LONG, Quit
            16     | text <a*100><CR>quit<CR>                 | LINE_TOO_LONG, Quit
            16     | text <a*100><CR><LF><LF>                 | LINE_TOO_LONG, UNKNOWN_COMMAND
            16     | text <a*12><LF>text <a*12><LF>           | LINE_TOO_LONG, LINE_TOO_LONG
            16     | text <a*12><LF>text <a*11><LF>           | LINE_TOO_LONG, Text(<a*11>)
            16     | text <é*5>é<LF>                          | LINE_TOO_LONG
            16     | text <é*5>a<LF>                          | Text(<é*5>a)
            16     | <NUL*17><LF>hist<LF>                     | LINE_TOO_LONG, Hist(all)
            16     | <xFF*16><LF>                             | UNKNOWN_COMMAND
            4      | quit<LF>                                 | Quit
            4      | quit<SP><LF>                             | LINE_TOO_LONG
            4      | hist<CR><LF>hist5<LF>hist<LF>            | Hist(all), LINE_TOO_LONG, Hist(all)
            4096   | text <a*4091><LF>                        | Text(<a*4091>)
            4096   | text <a*4092><LF>                        | LINE_TOO_LONG
            4096   | text <a*1048576>                         | LINE_TOO_LONG
            4096   | text <a*1048576><LF>name bob<LF>         | LINE_TOO_LONG, Name(bob)
            4096   | <x*1048576><CR>                          | LINE_TOO_LONG
            """)
    void overLongLinesAreReportedOnceAndSkipped(int maxLineBytes, String input, String frames) {
        assertFramesHoweverSplit(maxLineBytes, input, frames);
    }

    @Test
    void crLfSplitAcrossTwoFeedsIsOneLineEnd() {
        FrameParser parser = new FrameParser(DEFAULT);
        List<Frame> frames = new ArrayList<>();

        feed(parser, "text a<CR>", frames::add);
        parser.feed(new byte[0], 0, 0, frames::add);
        feed(parser, "<LF>text b<CR>", frames::add);
        feed(parser, "<LF>", frames::add);

        assertThat(describe(frames)).isEqualTo("Text(a), Text(b)");
        assertThat(parser.hasPartialLine()).isFalse();
    }

    @Test
    void aLoneCrFollowedByAnotherLineIsNotSwallowed() {
        FrameParser parser = new FrameParser(DEFAULT);
        List<Frame> frames = new ArrayList<>();

        feed(parser, "text a<CR>", frames::add);
        feed(parser, "text b<CR>", frames::add);

        assertThat(describe(frames)).isEqualTo("Text(a), Text(b)");
    }

    @Test
    void anOverLongLineIsReportedAsSoonAsTheLimitIsCrossedNotAtItsEnd() {
        FrameParser parser = new FrameParser(16);
        List<Frame> frames = new ArrayList<>();
        byte[] a = bytes("<a*16>");

        parser.feed(a, 0, 16, frames::add);
        assertThat(frames).isEmpty();
        parser.feed(a, 0, 1, frames::add);
        assertThat(describe(frames)).isEqualTo("LINE_TOO_LONG");
        parser.feed(a, 0, 16, frames::add);
        assertThat(describe(frames)).as("the rest of the line is skipped silently").isEqualTo("LINE_TOO_LONG");
        assertThat(parser.hasPartialLine()).isTrue();

        feed(parser, "<LF>quit<LF>", frames::add);
        assertThat(describe(frames)).isEqualTo("LINE_TOO_LONG, Quit");
        assertThat(parser.hasPartialLine()).isFalse();
    }

    @Test
    void lineTooLongReasonNamesTheLimit() {
        Frame.Malformed tooLong = (Frame.Malformed) single(new FrameParser(16), bytes("<a*17><LF>"));

        assertThat(tooLong.problem()).isEqualTo(Problem.LINE_TOO_LONG);
        assertThat(tooLong.reason()).contains("16 bytes");
    }

    @Test
    void hasPartialLineTellsWhetherALineIsWaitingForItsEnd() {
        FrameParser parser = new FrameParser(DEFAULT);
        assertThat(parser.hasPartialLine()).isFalse();

        feed(parser, "tex", frame -> { });
        assertThat(parser.hasPartialLine()).isTrue();

        feed(parser, "t hi<CR>", frame -> { });
        assertThat(parser.hasPartialLine()).isFalse();
    }

    @Test
    void feedReadsOnlyTheGivenRangeOfTheArray() {
        byte[] buffer = bytes("garbage<LF>text hi<LF>more garbage<LF>");
        List<Frame> frames = new ArrayList<>();

        new FrameParser(DEFAULT).feed(buffer, 8, 8, frames::add);

        assertThat(describe(frames)).isEqualTo("Text(hi)");
    }

    @Test
    void parseReadsOneLineInPlaceAtAnOffset() {
        byte[] buffer = bytes("xxhist 42yy");

        assertThat(FrameParser.parse(buffer, 2, 7)).isEqualTo(Command.Hist.last(42));
    }

    @Test
    void parserRejectsALimitTooSmallForACommand() {
        assertThatThrownBy(() -> new FrameParser(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                      | reason starts with
            <LF>                         | empty line; commands are name, text, hist, list, quit, join, part, tell, room
            hi<LF>                       | unknown command "hi"; commands are name, text, hist, list, quit, join, part, tell, room
            help me<LF>                  | unknown command "help"; commands are name, text, hist, list, quit, join, part, tell, room
            name al ice<LF>              | invalid name: a name may hold only letters, digits, _ - and . (not a space)
            name a<ESC>b<LF>             | invalid name: a name may hold only letters, digits, _ - and . (not U+001B)
            name a<xE2><x80><xA8>b<LF>   | invalid name: a name may hold only letters, digits, _ - and . (not U+2028)
            name<LF>                     | invalid name: a name needs at least one character
            name <x*33><LF>              | invalid name: a name has at most 32 characters
            text<SP><SP><LF>             | empty message
            hist 0<LF>                   | hist takes nothing or a number of lines from 1 to 999999999
            quit now<LF>                 | quit takes no argument
            list all<LF>                 | list takes nothing or a room, e.g. list#dev
            room all<LF>                 | room takes no argument
            join dev<LF>                 | invalid room: a room name starts with #, e.g. #dev
            join#de v<LF>                | invalid room: a room name may hold only letters, digits, _ - and . (not a space)
            join#<LF>                    | invalid room: a room name needs at least one character
            part#lobby<LF>               | #lobby is everyone's room: leave it with quit
            tell<LF>                     | tell takes a room or a name, then the message: tell#dev hello, or tell bob hello
            tell#dev<LF>                 | empty message
            LIST<LF>                     | unknown command "LIST"
            """)
    void malformedFramesSayWhatWasWrong(String input, String reason) {
        Frame.Malformed malformed = (Frame.Malformed) single(new FrameParser(DEFAULT), bytes(input));

        assertThat(malformed.reason()).startsWith(reason);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                     | the unknown command, cleaned
            <ESC>[31mred<LF>            | unknown command "�[31"
            <ESC>[2<LF>                 | unknown command "�[2"
            <NUL><NUL><NUL><NUL><LF>    | unknown command "����"
            a<BEL><LF>                  | unknown command "a�"
            <xE2><x80><xAE>x<LF>        | unknown command "�x"
            <xE2><x80><xAE><LF>         | unknown command "�"
            """)
    void anUnknownCommandIsQuotedWithoutItsControlCharacters(String input, String reason) {
        Frame.Malformed malformed = (Frame.Malformed) single(new FrameParser(DEFAULT), bytes(input));

        assertThat(malformed.reason()).startsWith(reason);
        assertThat(Printable.isClean(malformed.reason())).isTrue();
    }

    @Test
    void notationSpellsBytesAsTheTablesMeanThem() {
        assertThat(bytes("a<LF><CR><NUL><xFF><b*3>é<NUL*2><xfe*2>"))
                .isEqualTo(new byte[] {'a', '\n', '\r', 0, (byte) 0xFF, 'b', 'b', 'b', (byte) 0xC3, (byte) 0xA9,
                    0, 0, (byte) 0xFE, (byte) 0xFE});
        assertThat(new String(bytes("<ESC>]0;t<BEL>"), StandardCharsets.UTF_8)).isEqualTo("\u001b]0;t\u0007");
    }

    // ---- replay machinery

    static void assertFramesHoweverSplit(int maxLineBytes, String input, String expected) {
        byte[] bytes = bytes(input);
        List<Frame> whole = feedWhole(maxLineBytes, bytes);

        assertThat(describe(whole)).as("fed whole").isEqualTo(Notation.text(expected));
        assertThat(feedOneByteAtATime(maxLineBytes, bytes)).as("fed one byte at a time").isEqualTo(whole);
        for (long seed : CHUNK_SEEDS) {
            assertThat(feedInRandomChunks(maxLineBytes, bytes, new Random(seed)))
                    .as("fed in random chunks, seed %d", seed).isEqualTo(whole);
        }
        assertEveryFrameIsPrintable(whole);
    }

    static void assertEveryFrameIsPrintable(List<Frame> frames) {
        for (Frame frame : frames) {
            switch (frame) {
                case Command.Text text -> assertThat(Printable.isClean(text.message()))
                        .as("message %s is printable", Arrays.toString(text.message().toCharArray())).isTrue();
                case Frame.Malformed malformed -> assertThat(Printable.isClean(malformed.reason()))
                        .as("reason %s is printable", malformed.reason().codePoints()
                                .mapToObj(cp -> String.format("U+%04X", cp)).toList()).isTrue();
                case Command.Name name -> assertThat(Printable.isClean(name.name().display())).isTrue();
                case Command.Hist hist -> { }
                case Command.List list -> { }
                case Command.Quit quit -> { }
                case Command.TellRoom tell -> assertThat(Printable.isClean(tell.message())).isTrue();
                case Command.TellPerson tell -> assertThat(Printable.isClean(tell.message())
                        && Printable.isClean(tell.to().display())).isTrue();
                case Command.Join join -> assertThat(Printable.isClean(join.room().key())).isTrue();
                case Command.Part part -> assertThat(Printable.isClean(part.room().key())).isTrue();
                case Command.RoomList list -> assertThat(Printable.isClean(list.room().key())).isTrue();
                case Command.RoomHist hist -> assertThat(Printable.isClean(hist.room().key())).isTrue();
                case Command.Rooms rooms -> { }
                case Command.Pass pass -> assertThat(Printable.isClean(pass.password().text())).isTrue();
                case Command.Moderation moderation -> { }
            }
        }
    }

    private static void feed(FrameParser parser, String spelled, Consumer<Frame> frames) {
        byte[] bytes = bytes(spelled);
        parser.feed(bytes, 0, bytes.length, frames);
    }

    private static Frame single(FrameParser parser, byte[] line) {
        List<Frame> frames = new ArrayList<>();
        parser.feed(line, 0, line.length, frames::add);
        assertThat(frames).hasSize(1);
        return frames.getFirst();
    }

    static List<Frame> feedWhole(int maxLineBytes, byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        new FrameParser(maxLineBytes).feed(bytes, 0, bytes.length, frames::add);
        return frames;
    }

    static List<Frame> feedOneByteAtATime(int maxLineBytes, byte[] bytes) {
        FrameParser parser = new FrameParser(maxLineBytes);
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1, frames::add);
        }
        return frames;
    }

    /** Chunks of 0 to 23 bytes, read in place from the one array, as a socket read loop would. */
    static List<Frame> feedInRandomChunks(int maxLineBytes, byte[] bytes, Random random) {
        FrameParser parser = new FrameParser(maxLineBytes);
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int count = Math.min(random.nextInt(24), bytes.length - at);
            parser.feed(bytes, at, count, frames::add);
            at += count;
        }
        return frames;
    }
}
