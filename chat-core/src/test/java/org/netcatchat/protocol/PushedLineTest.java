package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PushedLineTest {
    private static final LocalDateTime AT = LocalDateTime.of(2026, 11, 27, 17, 46, 36);
    private static final ChatName ALICE = new ChatName("alice");
    private static final ChatName BOB = new ChatName("bob");

    @Test
    void linesRenderWithTheTimeFirst() {
        assertThat(new PushedLine.Message(AT, "alice", "hello").render())
                .isEqualTo("[2026-11-27 17:46:36][alice]:hello");
        assertThat(PushedLine.Notice.joined(AT, ALICE).render())
                .isEqualTo("[2026-11-27 17:46:36] alice has joined our chat...");
        assertThat(PushedLine.Notice.left(AT, ALICE).render())
                .isEqualTo("[2026-11-27 17:46:36] alice has left our chat...");
        assertThat(PushedLine.Notice.renamed(AT, ALICE, BOB).render())
                .isEqualTo("[2026-11-27 17:46:36] alice is now known as bob...");
        assertThat(PushedLine.Notice.droppedTooSlow(AT, BOB).render())
                .isEqualTo("[2026-11-27 17:46:36] bob was disconnected: too slow to keep up...");
        assertThat(PushedLine.Notice.shuttingDown(AT).render())
                .isEqualTo("[2026-11-27 17:46:36] server is shutting down");
    }

    @Test
    void theTimeIsZeroPaddedAndShowsWholeSeconds() {
        LocalDateTime early = LocalDateTime.of(2027, 1, 2, 3, 4, 5, 999_999_999);

        assertThat(new PushedLine.Message(early, "a", "b").render()).isEqualTo("[2027-01-02 03:04:05][a]:b");
    }

    @Test
    void everyLineTheServerPushesReadsBackAsItself() {
        List<PushedLine> lines = List.of(
                new PushedLine.Message(AT, "alice", "hello"),
                new PushedLine.Message(AT, "李小龙", "你好 🙂"),
                new PushedLine.Message(AT, "alice", "a]:b [x]:y"),
                new PushedLine.Message(AT, "alice", " leading space"),
                new PushedLine.Message(LocalDateTime.of(2026, 1, 1, 0, 0, 0), "bob", "[2026-11-27 17:46:36] fake"),
                new PushedLine.Message(LocalDateTime.of(2026, 12, 31, 23, 59, 59), "x", "\uFFFD[31m"),
                PushedLine.Notice.joined(AT, ALICE),
                PushedLine.Notice.left(AT, ALICE),
                PushedLine.Notice.renamed(AT, ALICE, BOB),
                PushedLine.Notice.droppedTooSlow(AT, BOB),
                PushedLine.Notice.shuttingDown(AT),
                new PushedLine.Notice(AT, "[alice]:not a message"),
                new PushedLine.Notice(AT, ""));

        for (PushedLine line : lines) {
            assertThat(PushedLine.parse(line.render())).as(line.render()).contains(line);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "",
        "hello",
        "ERR name taken",
        "Welcome to netcat-chat! Commands: name<NAME>, text<MESSAGE>, hist, quit",
        "[2026-11-27 17:46:36]",
        "[2026-11-27 17:46:36]x",
        "[2026-11-27 17:46:36][alice]hello",
        "[2026-11-27 17:46:36][]:hello",
        "[2026-11-27 17:46:36][alice:hello",
        "[2026-11-27T17:46:36] alice has joined our chat...",
        "[2026-13-27 17:46:36] month thirteen",
        "[2026-11-27 25:46:36] hour twenty-five",
        "[2026-02-30 17:46:36] the thirtieth of February",
        "[2026-11-27 24:00:00] hour twenty-four",
        "[2026-11-27 17:46]:36 short time",
        "(2026-11-27 17:46:36) alice has joined our chat...",
        "[not a time, 19 ch] alice has joined our chat...",
        " [2026-11-27 17:46:36] leading space",
    })
    void anythingElseIsNotAPushedLine(String line) {
        assertThat(PushedLine.parse(line)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # line                                        | sender | text
            [2026-11-27 17:46:36][alice]:hello             | alice  | hello
            [2026-11-27 17:46:36][alice]:                  | alice  | ""
            [2026-11-27 17:46:36][alice]::)                | alice  | :)
            [2026-11-27 17:46:36][alice]:[bob]:hi          | alice  | [bob]:hi
            """)
    void aMessageSplitsAtTheFirstSenderEnd(String line, String sender, String text) {
        Optional<PushedLine> parsed = PushedLine.parse(line);

        assertThat(parsed).contains(new PushedLine.Message(AT, sender, text));
    }
}
