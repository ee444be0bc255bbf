package org.netcatchat.client.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.protocol.RoomName;

/** Which lines mention alice. */
class MentionTest {
    private static final LocalDateTime T = LocalDateTime.of(2026, 12, 7, 10, 0);
    private static final ChatName ALICE = new ChatName("alice");

    @ParameterizedTest(name = "{0} says \"{1}\": {2}")
    @CsvSource(delimiter = '|', textBlock = """
            bob   | alice: review?        | true
            bob   | hi Alice              | true
            bob   | thanks @alice.        | true
            bob   | ask ALICE, she knows  | true
            bob   | malice aforethought   | false
            bob   | alice_2 is here       | false
            bob   | alice-bot said so     | false
            bob   | nothing for you       | false
            alice | I am alice            | false
            Alice | alice again           | false
            """)
    void aMessageMentionsMeWhenSomeoneElseNamesMeAsAWord(String sender, String text, boolean mentions) {
        assertThat(Mention.of(new PushedLine.Message(T, sender, text), ALICE)).isEqualTo(mentions);
        assertThat(Mention.of(new PushedLine.RoomMessage(T, new RoomName("dev"), sender, text), ALICE))
                .isEqualTo(mentions);
    }

    @ParameterizedTest(name = "from {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            bob   | true
            alice | false
            """)
    void everyPrivateLineFromSomeoneElseIsAMention(String sender, boolean mentions) {
        assertThat(Mention.of(new PushedLine.Private(T, sender, sender.equals("bob") ? "alice" : "bob", "hm"), ALICE))
                .isEqualTo(mentions);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            alice has joined our chat...
            alice is now known as alicia...
            """)
    void aNoticeIsNoMention(String text) {
        assertThat(Mention.of(new PushedLine.Notice(T, text), ALICE)).isFalse();
        assertThat(Mention.of(new PushedLine.RoomNotice(T, new RoomName("dev"), text), ALICE)).isFalse();
    }
}
