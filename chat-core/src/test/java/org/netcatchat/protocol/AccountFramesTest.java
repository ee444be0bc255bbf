package org.netcatchat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netcatchat.protocol.Notation.bytes;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The frames of owned names and operators (issue 18): {@code name NAME PASSWORD}, {@code pass}, {@code kick}, ... */
class AccountFramesTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                                        | frames
            name alice correct-horse<LF>                   | Name(alice,correct-horse)
            name alice two words pass<LF>                  | Name(alice,two words pass)
            name ａｌｉｃｅ 12345678<LF>                      | Name(alice,12345678)
            pass correct-horse<LF>                         | Pass(correct-horse)
            passcorrect-horse<LF>                          | Pass(correct-horse)
            pass with spaces inside<LF>                    | Pass(with spaces inside)
            kick bob<LF>                                   | Kick(bob,none,)
            kick bob spamming the room<LF>                 | Kick(bob,none,spamming the room)
            kick bob 10 spamming<LF>                       | Kick(bob,none,10 spamming)
            kick bob 2h<LF>                                | Kick(bob,PT2H,)
            kick bob 1d insults<LF>                        | Kick(bob,PT24H,insults)
            kick bob 10m flood again<LF>                   | Kick(bob,PT10M,flood again)
            mute bob 2s<LF>                                | Mute(bob,PT2S)
            mute bob 0<LF>                                 | Mute(bob,PT0S)
            mute bob 30<LF>                                | Mute(bob,PT30S)
            bans<LF>                                       | Bans
            unbn bob<LF>                                   | Unban(bob)
            unbn 127.0.0.2<LF>                             | Unban(127.0.0.2)
            unbn 2001:db8:0:0:0:0:0:0/64<LF>               | Unban(2001:db8:0:0:0:0:0:0/64)
            """)
    void framesParse(String input, String frames) {
        FrameParserTest.assertFramesHoweverSplit(Wire.DEFAULT_MAX_LINE_BYTES, input, frames);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                       | reason starts with
            name al ice<LF>               | invalid name: a name may hold only letters, digits, _ - and . (not a space)
            name alice short<LF>          | invalid name: a name may hold only letters, digits, _ - and . (not a space)
            name [x] correct-horse<LF>    | invalid name: a name may hold only letters, digits, _ - and . (not '[')
            pass<LF>                      | pass takes the password for your name
            pass short<LF>                | password too short: at least 8 characters
            pass 1234567<LF>              | password too short: at least 8 characters
            pass 12345678<ESC><LF>        | a password may not hold control characters or invalid UTF-8
            pass 12345678<xFF><LF>        | a password may not hold control characters or invalid UTF-8
            name alice 1234<ESC>5678<LF>  | a password may not hold control characters or invalid UTF-8
            kick<LF>                      | kick takes a name
            kick [x]<LF>                  | invalid name
            kick bob 0s spam<LF>          | a ban lasts from 1s to 3650d
            kick bob 9999d spam<LF>       | a ban lasts from 1s to 3650d
            mute bob<LF>                  | mute takes a name and a time
            mute bob soon<LF>             | mute takes a name and a time
            mute bob 2s more<LF>          | mute takes a name and a time
            bans all<LF>                  | bans takes no argument
            unbn<LF>                      | unbn takes one banned name or address
            unbn a b<LF>                  | unbn takes one banned name or address
            """)
    void malformedFramesSayWhatWasWrong(String input, String reason) {
        List<Frame> frames = new ArrayList<>();
        byte[] line = bytes(input);
        new FrameParser(Wire.DEFAULT_MAX_LINE_BYTES).feed(line, 0, line.length, frames::add);

        assertThat(frames).hasSize(1).first().isInstanceOf(Frame.Malformed.class);
        assertThat(((Frame.Malformed) frames.getFirst()).reason()).startsWith(reason);
    }

    @Test
    void noPasswordIsShownByTheCommandsThatHoldIt() {
        Password password = new Password("correct-horse");
        assertThat(new Command.Name(new ChatName("alice"), java.util.Optional.of(password)).toString())
                .doesNotContain("correct-horse");
        assertThat(new Command.Pass(password).toString()).doesNotContain("correct-horse");
    }

    @Test
    void aPasswordReadsBackAsItWasTyped() {
        Command.Pass pass = new Command.Pass(new Password("two words pass"));
        byte[] line = CommandEncoder.encode(pass);

        assertThat(FrameParser.parse(line, 0, line.length - 1)).isEqualTo(pass);
    }
}
