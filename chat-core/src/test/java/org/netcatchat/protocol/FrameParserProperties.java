package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Fuzzes {@link FrameParser} with bytes a hostile client could send, cut into chunks anywhere.
 *
 * <p>The invariants, read off the parser: a line is what lies between two line ends (LF, CR LF, or a CR not
 * followed by LF; a CR LF is one end even when a chunk boundary falls between its bytes). Every line gives
 * exactly one frame when its end arrives: {@code LINE_TOO_LONG} if it is longer than {@code maxLineBytes}
 * (reported early, when the limit is crossed, and its end adds nothing), otherwise what
 * {@link FrameParser#parse} makes of it. An unfinished last line gives one {@code LINE_TOO_LONG} if it is
 * already too long, nothing otherwise. So: frames = line ends + (1 if the unfinished tail is over-long).
 *
 * <p>Each property is bounded by its {@code tries}; the seed is random on purpose so every run explores new
 * inputs. jqwik prints the seed of a failure and replays it first next time (its database is in target/);
 * to pin it, add {@code seed = "..."} to the failing {@code @Property}.
 */
class FrameParserProperties {
    private static final String[] HOSTILE = {
        "\0", "\t", " ", "  ", "\u001b", "\u001b[31m", "\u001b]0;title\u0007", "\u001b[2J", "\u009b", "\u007f",
        "\u0085", "\u202e", "\u2066", "\u2028", "\u2029", "\u200b", "\uFFFD", "é", "e\u0301", "\u0301", "ａｌｉｃｅ",
        "ALICE", "李", "🙂", "0", "7", "999999999", "1000000000", "-1", "[", "]:",
    };

    @Property(tries = 1000)
    void howTheBytesAreSplitNeverChangesTheFrames(@ForAll("inputs") byte[] input,
            @ForAll("chunkSizes") List<Integer> chunkSizes, @ForAll @IntRange(min = 4, max = 64) int maxLineBytes) {
        List<Frame> whole = FrameParserTest.feedWhole(maxLineBytes, input);

        assertThat(feedInChunks(maxLineBytes, input, chunkSizes)).isEqualTo(whole);
        assertThat(FrameParserTest.feedOneByteAtATime(maxLineBytes, input)).isEqualTo(whole);
    }

    @Property(tries = 1000)
    void everyLineEndGivesOneFrameAndAnOverLongUnfinishedLineOneMore(@ForAll("inputs") byte[] input,
            @ForAll("chunkSizes") List<Integer> chunkSizes, @ForAll @IntRange(min = 4, max = 64) int maxLineBytes) {
        List<Frame> frames = feedInChunks(maxLineBytes, input, chunkSizes);
        Lines lines = Lines.of(input);
        boolean overLongTail = lines.tailLength() > maxLineBytes;

        assertThat(frames).hasSize(lines.ends().size() + (overLongTail ? 1 : 0));
        long overLongLines = lines.ends().stream()
                .filter(line -> line.length() > maxLineBytes || sanitisedTooLong(input, line, maxLineBytes)).count()
                + (overLongTail ? 1 : 0);
        assertThat(frames.stream().filter(FrameParserProperties::isTooLong).count()).isEqualTo(overLongLines);
    }

    @Property(tries = 1000)
    void theFramesAreTheLinesParsedOneByOne(@ForAll("inputs") byte[] input,
            @ForAll("chunkSizes") List<Integer> chunkSizes, @ForAll @IntRange(min = 4, max = 64) int maxLineBytes) {
        FrameParser parser = new FrameParser(maxLineBytes);
        List<Frame> frames = new ArrayList<>();
        feedInChunks(parser, input, chunkSizes, frames::add);

        Lines lines = Lines.of(input);
        Frame tooLong = tooLong(maxLineBytes);
        List<Frame> expected = new ArrayList<>();
        for (Line line : lines.ends()) {
            if (line.length() > maxLineBytes) {
                expected.add(tooLong);
            } else if (sanitisedTooLong(input, line, maxLineBytes)) {
                Frame refused = frames.get(expected.size());
                assertThat(refused).as("a text that sanitising makes too long").matches(FrameParserProperties::isTooLong);
                expected.add(refused);
            } else {
                expected.add(FrameParser.parse(input, line.from(), line.length()));
            }
        }
        if (lines.tailLength() > maxLineBytes) {
            expected.add(tooLong);
        }
        assertThat(frames).isEqualTo(expected);
        assertThat(parser.hasPartialLine()).isEqualTo(lines.tailLength() > 0);
    }

    @Property(tries = 1000)
    void messagesReasonsAndNamesArePrintable(@ForAll("inputs") byte[] input,
            @ForAll("chunkSizes") List<Integer> chunkSizes, @ForAll @IntRange(min = 4, max = 4096) int maxLineBytes) {
        for (Frame frame : feedInChunks(maxLineBytes, input, chunkSizes)) {
            switch (frame) {
                case Command.Text text -> {
                    assertThat(Printable.isClean(text.message())).as("clean: %s", text).isTrue();
                    assertThat(text.message()).isNotBlank();
                }
                case Frame.Malformed malformed ->
                        assertThat(Printable.isClean(malformed.reason())).as("clean: %s", malformed).isTrue();
                case Command.Name name -> assertThat(name.name().display().codePoints())
                        .as("name %s", name)
                        .hasSizeBetween(1, Wire.MAX_NAME_CHARACTERS)
                        .noneMatch(Character::isISOControl)
                        .noneMatch(Character::isWhitespace)
                        .noneMatch(cp -> Character.getType(cp) == Character.FORMAT)
                        .noneMatch(cp -> cp == Printable.REPLACEMENT)
                        .allMatch(cp -> !Character.isBmpCodePoint(cp) || !Printable.isUnsafe((char) cp.intValue()));
                case Command.Hist hist -> assertThat(hist.lastLines().orElse(1)).isBetween(1, 999_999_999);
                case Command.List list -> { }
                case Command.Quit quit -> { }
                case Command.TellRoom tell -> assertThat(Printable.isClean(tell.message())).isTrue();
                case Command.TellPerson tell -> assertThat(Printable.isClean(tell.message())).isTrue();
                case Command.RoomHist hist -> assertThat(hist.lastLines().orElse(1)).isBetween(1, 999_999_999);
                case Command.Join join -> assertThat(join.room().toString()).startsWith("#");
                case Command.Part part -> assertThat(part.room().isLobby()).isFalse();
                case Command.Rooms rooms -> { }
                case Command.RoomList list -> assertThat(list.room().isLobby()).isFalse();
                case Command.Pass pass -> assertThat(Printable.isClean(pass.password().text())).isTrue();
                case Command.Moderation moderation -> { }
            }
        }
    }

    @Property(tries = 1000)
    void aMessageReadsBackAsItWasTyped(@ForAll("messages") String message, @ForAll boolean space) {
        Assume.that(space || !message.startsWith(" "));

        List<Frame> frames = FrameParserTest.feedWhole(Wire.DEFAULT_MAX_LINE_BYTES,
                ("text" + (space ? " " : "") + message + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(frames).containsExactly(new Command.Text(message));
    }

    @Property(tries = 1000)
    void aNameReadsBackAndKeepsItsKeyInAnyCaseOrWidth(@ForAll("names") String typed, @ForAll boolean space) {
        List<Frame> frames = FrameParserTest.feedWhole(Wire.DEFAULT_MAX_LINE_BYTES,
                ("name" + (space ? " " : "") + typed + "\r\n").getBytes(StandardCharsets.UTF_8));

        assertThat(frames).hasSize(1).first().isInstanceOf(Command.Name.class);
        ChatName name = ((Command.Name) frames.getFirst()).name();
        assertThat(name.display()).isEqualTo(Normalizer.normalize(typed, Normalizer.Form.NFKC));
        assertThat(keyOf(typed.toUpperCase(Locale.ROOT))).isEqualTo(name.key());
        assertThat(keyOf(typed.toLowerCase(Locale.ROOT))).isEqualTo(name.key());
        assertThat(keyOf(fullwidth(typed))).isEqualTo(name.key());
    }

    @Property(tries = 1000)
    void histTakesAnyCountFromOneToNineDigits(@ForAll @IntRange(min = 1, max = 999_999_999) int lines) {
        assertThat(FrameParserTest.feedWhole(64, ("hist " + lines + "\nhist" + lines + "\n").getBytes(StandardCharsets.US_ASCII)))
                .containsExactly(Command.Hist.last(lines), Command.Hist.last(lines));
    }

    @Property(tries = 200)
    void histRejectsCountsBeyondNineDigits(@ForAll @LongRange(min = 1_000_000_000L) long lines) {
        assertThat(FrameParserTest.feedWhole(64, ("hist " + lines + "\n").getBytes(StandardCharsets.US_ASCII)))
                .extracting(frame -> ((Frame.Malformed) frame).problem())
                .containsExactly(Problem.BAD_ARGUMENT);
    }

    /**
     * The memory bound, seen from outside: the bytes this thread allocates while ten megabytes without a line
     * end go through the parser. A parser that buffered the line would allocate at least the ten megabytes.
     */
    @Property(tries = 12)
    void tenMegabytesWithoutALineEndAreReportedOnceAndNeverBuffered(
            @ForAll @IntRange(min = 1, max = 1 << 16) int chunkSize) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assume.that(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        int maxLineBytes = Wire.DEFAULT_MAX_LINE_BYTES;
        FrameParser parser = new FrameParser(maxLineBytes);
        List<Frame> frames = new ArrayList<>(4);
        Consumer<Frame> sink = frames::add;

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int at = 0; at < TEN_MEGABYTES.length; at += chunkSize) {
            parser.feed(TEN_MEGABYTES, at, Math.min(chunkSize, TEN_MEGABYTES.length - at), sink);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(Notation.describe(frames)).isEqualTo("LINE_TOO_LONG");
        assertThat(parser.hasPartialLine()).isTrue();
        assertThat(allocated).as("bytes allocated while feeding 10 MB").isLessThan(256 * 1024);
        byte[] next = "\nquit\n".getBytes(StandardCharsets.US_ASCII);
        parser.feed(next, 0, next.length, sink);
        assertThat(Notation.describe(frames)).isEqualTo("LINE_TOO_LONG, Quit");
    }

    private static final byte[] TEN_MEGABYTES = Notation.bytes("<x*" + (10 << 20) + ">");

    // ---- generators

    /** Mostly wire-like pieces (commands, line ends, hostile strings, raw bytes); sometimes pure noise. */
    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> piece = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("name", "text", "hist", "quit", "name ", "text ", "hist ", "quit ").map(FrameParserProperties::utf8)),
                Tuple.of(4, Arbitraries.of("\n", "\r", "\r\n", "\n\r").map(FrameParserProperties::utf8)),
                Tuple.of(3, Arbitraries.strings().withCharRange('a', 'z').withChars("_-.0123456789 ").ofMaxLength(12).map(FrameParserProperties::utf8)),
                Tuple.of(3, Arbitraries.of(HOSTILE).map(FrameParserProperties::utf8)),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(8)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(6).map(FrameParserProperties::utf8)),
                Tuple.of(1, Arbitraries.integers().between(0, 80).map(n -> utf8("y".repeat(n)))));
        Arbitrary<byte[]> wireLike = piece.list().ofMaxSize(40).map(FrameParserProperties::concat);
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.frequencyOf(Tuple.of(4, wireLike), Tuple.of(1, noise));
    }

    /** Chunk sizes from 0 (an empty read) up; whatever they leave over is fed in one last chunk. */
    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.integers().between(0, 40).list().ofMaxSize(60);
    }

    /** What a person could type as a message: no line end, nothing unsafe, not blank. */
    @Provide
    Arbitrary<String> messages() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(60)
                .filter(text -> Printable.isClean(text) && !text.isBlank() && wellFormed(text));
    }

    /**
     * Names from alphabets whose case mapping is one to one. Left out on purpose: ß (upper case "SS"), final ς
     * and dotless ı; {@link ChatName#key()} lower-cases rather than case-folds, so it does not equate those.
     */
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings()
                .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars("_-.")
                .withCharRange('à', 'ö').withCharRange('ø', 'þ')
                .withCharRange('α', 'ρ').withCharRange('σ', 'ω').withCharRange('а', 'я')
                .withCharRange('ａ', 'ｚ').withCharRange('Ａ', 'Ｚ').withCharRange('一', '龥')
                .ofMinLength(1).ofMaxLength(Wire.MAX_NAME_CHARACTERS);
    }

    // ---- the reference model: where the lines are

    record Line(int from, int length) {
    }

    /** The lines an input holds, found without any of the parser's code. */
    record Lines(List<Line> ends, int tailLength) {
        static Lines of(byte[] input) {
            List<Line> ends = new ArrayList<>();
            int from = 0;
            int i = 0;
            while (i < input.length) {
                if (input[i] == '\n' || input[i] == '\r') {
                    ends.add(new Line(from, i - from));
                    i += input[i] == '\r' && i + 1 < input.length && input[i + 1] == '\n' ? 2 : 1;
                    from = i;
                } else {
                    i++;
                }
            }
            return new Lines(ends, input.length - from);
        }
    }

    // ---- feeding

    private static List<Frame> feedInChunks(int maxLineBytes, byte[] input, List<Integer> chunkSizes) {
        List<Frame> frames = new ArrayList<>();
        feedInChunks(new FrameParser(maxLineBytes), input, chunkSizes, frames::add);
        return frames;
    }

    /**
     * Each chunk is copied into a scratch array at an offset and the array is scribbled over after the call,
     * as a socket read buffer is reused: a parser that kept a reference to the caller's bytes would show it.
     */
    private static void feedInChunks(FrameParser parser, byte[] input, List<Integer> chunkSizes,
            Consumer<Frame> frames) {
        int at = 0;
        for (int size : chunkSizes) {
            at += feedChunk(parser, input, at, Math.min(size, input.length - at), frames);
        }
        feedChunk(parser, input, at, input.length - at, frames);
    }

    private static int feedChunk(FrameParser parser, byte[] input, int at, int count, Consumer<Frame> frames) {
        byte[] scratch = new byte[count + 7];
        System.arraycopy(input, at, scratch, 3, count);
        parser.feed(scratch, 3, count, frames);
        Arrays.fill(scratch, (byte) '\n');
        return count;
    }

    private static Frame tooLong(int maxLineBytes) {
        List<Frame> frames = FrameParserTest.feedWhole(maxLineBytes, new byte[maxLineBytes + 1]);
        assertThat(frames).hasSize(1).allMatch(FrameParserProperties::isTooLong);
        return frames.getFirst();
    }

    /** A {@code text} within the read limit whose line, once invalid bytes and controls are replaced, is not. */
    private static boolean sanitisedTooLong(byte[] input, Line line, int maxLineBytes) {
        return FrameParser.parse(input, line.from(), line.length()) instanceof Command.Text text
                && ("text " + text.message()).getBytes(StandardCharsets.UTF_8).length > maxLineBytes;
    }

    private static boolean isTooLong(Frame frame) {
        return frame instanceof Frame.Malformed malformed && malformed.problem() == Problem.LINE_TOO_LONG;
    }

    private static String keyOf(String typed) {
        return ((ChatName.Result.Valid) ChatName.parse(typed)).name().key();
    }

    private static String fullwidth(String text) {
        StringBuilder wide = new StringBuilder(text.length());
        text.chars().forEach(c -> wide.append(c > ' ' && c <= '~' ? (char) (c + 0xFEE0) : (char) c));
        return wide.toString();
    }

    private static boolean wellFormed(String text) {
        return text.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(List<byte[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pieces.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
