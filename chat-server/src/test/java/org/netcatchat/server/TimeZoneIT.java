package org.netcatchat.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.PushedLine;
import org.netcatchat.testing.ServerProcess;
import org.netcatchat.testing.WireClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, item 6: times carried no zone. The server stamps in one zone, UTC unless {@code --time-zone} says
 * otherwise, and the greeting's last line names it, for a person on {@code nc} and for a program.
 */
class TimeZoneIT {
    @TempDir
    Path dir;

    @Test
    void byDefaultLinesAreStampedInUtcAndTheGreetingSaysSo() {
        try (ServerProcess server = ServerProcess.start(dir);
             WireClient alice = WireClient.connect(server.port())) {
            assertThat(alice.awaitGreeting()).last().isEqualTo("Times are in UTC.");

            assertStampedIn(ZoneId.of("UTC"), alice);
        }
    }

    @Test
    void aZoneGivenByTheOperatorStampsEveryLineAndTheHistoryAndIsNamedInTheGreeting() throws Exception {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        try (ServerProcess server = ServerProcess.start(dir, "--time-zone", "Asia/Tokyo");
             WireClient alice = WireClient.connect(server.port())) {
            assertThat(alice.awaitGreeting()).last().isEqualTo("Times are in Asia/Tokyo.");

            LocalDateTime stamp = assertStampedIn(tokyo, alice);
            server.stop();
            assertThat(Files.readAllLines(dir.resolve("history.txt")))
                    .anyMatch(line -> line.startsWith("[" + PushedLine.TIME.format(stamp) + "][alice]:what time is it"));
        }
    }

    @Test
    void aZoneThatDoesNotExistIsRefusedInOneLineThatSaysWhatWouldDo() {
        try (ServerProcess server = ServerProcess.launch(dir, List.of("0", "--metrics-port", "0", "--time-zone", "Mars/Olympus"))) {
            assertThat(server.awaitExit()).isEqualTo(2);
            assertThat(String.join("\n", server.stderr())).contains("'Mars/Olympus' is not a time zone")
                    .contains("Europe/Berlin").doesNotContain("Exception");
        }
    }

    /** Sends a text and checks its echo is stamped with a time of {@code zone} taken between the send and the echo. */
    private static LocalDateTime assertStampedIn(ZoneId zone, WireClient alice) {
        alice.join("alice");
        LocalDateTime before = LocalDateTime.now(zone).truncatedTo(ChronoUnit.SECONDS);
        List<String> reply = alice.request("text what time is it");
        LocalDateTime after = LocalDateTime.now(zone);
        String echo = reply.stream().filter(line -> line.endsWith("[alice]:what time is it")).findFirst().orElseThrow();
        LocalDateTime stamp = LocalDateTime.parse(echo.substring(1, PushedLine.TIME_PREFIX_LENGTH - 1), PushedLine.TIME);
        assertThat(stamp).isBetween(before, after);
        return stamp;
    }
}
