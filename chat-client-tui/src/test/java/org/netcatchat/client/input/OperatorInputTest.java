package org.netcatchat.client.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;

/** {@code /pass}, {@code /kick}, {@code /mute}, {@code /bans}, {@code /unban} (issue 18). */
class OperatorInputTest {
    private final InputInterpreter interpreter = new InputInterpreter();

    @Test
    void operatorsCommandsAreReadAsTheServerReadsThem() {
        assertThat(interpreter.interpret("/kick bob 2h spamming the room")).isEqualTo(new Input.Send(
                new Command.Kick(new ChatName("bob"), Optional.of(Duration.ofHours(2)), "spamming the room")));
        assertThat(interpreter.interpret("/kick bob")).isEqualTo(new Input.Send(
                new Command.Kick(new ChatName("bob"), Optional.empty(), "")));
        assertThat(interpreter.interpret("/mute bob 10m")).isEqualTo(new Input.Send(
                new Command.Mute(new ChatName("bob"), Duration.ofMinutes(10))));
        assertThat(interpreter.interpret("/MUTE bob 0")).isEqualTo(new Input.Send(new Command.Mute(new ChatName("bob"), Duration.ZERO)));
        assertThat(interpreter.interpret("/bans")).isEqualTo(new Input.Send(new Command.Bans()));
        assertThat(interpreter.interpret("/unban 192.0.2.7")).isEqualTo(new Input.Send(new Command.Unban("192.0.2.7")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            /kick                    | usage: /kick NAME [DURATION] [REASON]
            /kick [bob]              | invalid name
            /mute bob                | mute takes a name and a time
            /mute                    | usage: /mute NAME DURATION
            /bans all                | bans takes no argument
            /unban                   | usage: /unban NAME or /unban ADDRESS
            /pass                    | /pass asks for the password without echo, in a terminal only
            /pass correct-horse      | type /pass alone
            """)
    void mistakesAreExplainedAndNothingIsSent(String typed, String explanation) {
        Input input = interpreter.interpret(typed);

        assertThat(input).isInstanceOf(Input.Mistake.class);
        assertThat(((Input.Mistake) input).explanation()).startsWith(explanation);
    }

    @Test
    void aPassLineIsRecognisedHoweverItIsSpelled() {
        assertThat(InputInterpreter.isPassword("/pass")).isTrue();
        assertThat(InputInterpreter.isPassword("  /PASS secret here")).isTrue();
        assertThat(InputInterpreter.isPassword("/passage")).isFalse();
        assertThat(InputInterpreter.isPassword("pass")).isFalse();
    }
}
