package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Events are spelled {@code Line(text)} and {@code END} (a 0x00), joined by ", "; bytes in {@link Notation}. */
class ServerStreamTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # server bytes                                        | events
            hello<LF>                                             | Line(hello)
            <NUL>                                                 | END
            ERR name taken<LF><NUL>                               | Line(ERR name taken), END
            partial<NUL>                                          | Line(partial), END
            a<LF>b<LF><NUL>                                       | Line(a), Line(b), END
            a<LF><NUL><NUL>                                       | Line(a), END, END
            <LF>                                                  | Line()
            a<CR><LF>                                             | Line(a)
            héllo 世界 🙂<LF>                                      | Line(héllo 世界 🙂)
            bad <xFF><xC3><LF>                                    | Line(bad ��)
            no line end yet                                       | ''
            Welcome!<LF>Commands: name, text, hist, quit<LF>      | Line(Welcome!), Line(Commands: name, text, hist, quit)
            <NUL>[2026-11-27 17:46:36][alice]:hi<LF><NUL>         | END, Line([2026-11-27 17:46:36][alice]:hi), END
            """)
    void serverBytesBecomeLinesAndReplyEnds(String bytes, String events) {
        byte[] wire = Notation.bytes(bytes);
        String expected = Notation.text(events);

        assertThat(describe(feedWhole(wire))).as("fed whole").isEqualTo(expected);
        assertThat(describe(feedOneByteAtATime(wire))).as("fed one byte at a time").isEqualTo(expected);
        assertThat(describe(feedInRandomChunks(wire, new Random(7)))).as("fed in random chunks").isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # line                       | error | reason
            ERR name taken               | true  | name taken
            "ERR "                       | true  | ""
            ERR                          | false | ""
            err name taken               | false | ""
            [2026-11-27 17:46:36] ERR x  | false | ""
            """)
    void errorLinesAreRecognisedByTheirPrefix(String text, boolean error, String reason) {
        ServerStream.Line line = new ServerStream.Line(text);

        assertThat(line.isError()).isEqualTo(error);
        assertThat(line.errorReason()).isEqualTo(reason);
    }

    @Test
    void aServerLineFarLongerThanAnyRealOneIsDeliveredInBoundedPieces() {
        int mebibyte = 1 << 20;
        byte[] wire = Notation.bytes("<a*" + (3 * mebibyte + 5) + "><LF>");

        List<ServerStream.Event> events = feedWhole(wire);

        assertThat(events).allSatisfy(event -> assertThat(((ServerStream.Line) event).text()).hasSizeLessThanOrEqualTo(mebibyte));
        assertThat(events.stream().mapToInt(event -> ((ServerStream.Line) event).text().length()).sum())
                .isEqualTo(3 * mebibyte + 5);
    }

    @Test
    void aLineOfExactlyTheLimitIsOneLineNotALineAndAnEmptyOne() {
        int mebibyte = 1 << 20;
        List<ServerStream.Event> events = feedWhole(Notation.bytes("<a*" + mebibyte + "><LF>b<LF>"));

        assertThat(events).hasSize(2);
        assertThat(((ServerStream.Line) events.get(1)).text()).isEqualTo("b");
    }

    private static List<ServerStream.Event> feedWhole(byte[] wire) {
        List<ServerStream.Event> events = new ArrayList<>();
        new ServerStream().feed(wire, 0, wire.length, events::add);
        return events;
    }

    private static List<ServerStream.Event> feedOneByteAtATime(byte[] wire) {
        ServerStream stream = new ServerStream();
        List<ServerStream.Event> events = new ArrayList<>();
        for (int i = 0; i < wire.length; i++) {
            stream.feed(wire, i, 1, events::add);
        }
        return events;
    }

    private static List<ServerStream.Event> feedInRandomChunks(byte[] wire, Random random) {
        ServerStream stream = new ServerStream();
        List<ServerStream.Event> events = new ArrayList<>();
        for (int at = 0; at < wire.length; ) {
            int count = Math.min(random.nextInt(8), wire.length - at);
            stream.feed(wire, at, count, events::add);
            at += count;
        }
        return events;
    }

    private static String describe(List<ServerStream.Event> events) {
        return events.stream()
                .map(event -> switch (event) {
                    case ServerStream.Line line -> "Line(" + line.text() + ")";
                    case ServerStream.EndOfReply end -> "END";
                })
                .collect(Collectors.joining(", "));
    }
}
