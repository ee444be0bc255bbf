package org.netcatchat.server.hardening;

import org.netcatchat.protocol.Notation;
import org.netcatchat.server.MeteredServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netcatchat.testing.WireClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slowloris: connections that never join cannot hold the slots. With {@code --login-timeout 0.5} a
 * connection without a name is told why and closed, whatever else it sends meanwhile.
 */
class SlowlorisTest {
    private static final Duration LOGIN_TIMEOUT = Duration.ofMillis(500);
    private static final String CLOSING_LINE = "Closing: no name within 0.5 seconds. Send name followed by your name"
            + " right after connecting, e.g. name alice.";
    /** Far above the timeout, far below what a server that never closes would take: the deadline of a test. */
    private static final Duration AT_MOST = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # what the client does before it goes quiet  | bytes it sends
            nothing at all                               | ""
            half a name, never ended                     | name ali
            one byte                                     | n
            commands, but never a name                   | hist<LF>hist 1<LF>text hello<LF>
            only invalid names                           | name a b<LF>name [x]<LF>
            """)
    void aConnectionThatHasNotJoinedWithinTheLoginTimeoutIsToldAndClosed(String what, String sent) {
        try (MeteredServer server = MeteredServer.start(dir, "--login-timeout", "0.5")) {
            long started = System.nanoTime();
            WireClient idle = server.connectAdmitted();
            idle.sendRaw(Notation.bytes(sent));

            List<String> lines = idle.awaitClosed();

            Duration open = Duration.ofNanos(System.nanoTime() - started);
            assertThat(lines).last().isEqualTo(CLOSING_LINE);
            assertThat(open).isGreaterThanOrEqualTo(LOGIN_TIMEOUT).isLessThan(AT_MOST);
            server.awaitMetric("netcat_login_timeouts_total", 1);
            server.awaitMetric("netcat_active_connections", 0);
            idle.close();
        }
    }

    @Test
    void aLoginTimeoutBelowAMillisecondIsToldAsItIsNotAsZero() {
        try (MeteredServer server = MeteredServer.start(dir, "--login-timeout", "0.0001");
             WireClient idle = server.connectAdmitted()) {
            assertThat(idle.awaitClosed()).last().isEqualTo("Closing: no name within 0.0001 seconds. Send name followed"
                    + " by your name right after connecting, e.g. name alice.");
        }
    }

    @Test
    void aClientThatJoinsInTimeOutlivesTheLoginTimeout() {
        try (MeteredServer server = MeteredServer.start(dir, "--login-timeout", "0.5");
             WireClient alice = server.joined("alice");
             WireClient idle = server.connectAdmitted()) {
            // idle came after alice, so by the time it is closed alice's own deadline has long passed
            assertThat(idle.awaitClosed()).last().isEqualTo(CLOSING_LINE);

            alice.send("text still here");
            assertThat(alice.nextLine()).endsWith("[alice]:still here");
            assertThat(alice.nextReply()).isEmpty();
            alice.assertExhausted();
            assertThat(server.metric("netcat_login_timeouts_total")).isEqualTo(1);
            server.awaitMetric("netcat_active_connections", 1);
        }
    }

    @Test
    void idleSocketsCannotHoldTheSlotsForLongerThanTheLoginTimeout() {
        try (MeteredServer server = MeteredServer.start(dir, "--login-timeout", "0.5", "--max-connections", "2")) {
            long started = System.nanoTime();
            WireClient idle1 = server.connectAdmitted();
            WireClient idle2 = server.connectAdmitted();
            assertThat(server.metric("netcat_active_connections")).isEqualTo(2);

            WireClient third = server.connect(); // every slot is held: it waits in the backlog, without a greeting
            third.awaitGreeting();

            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("admitted only once an idle socket was closed").isGreaterThanOrEqualTo(LOGIN_TIMEOUT);
            third.join("third");
            assertThat(idle1.awaitClosed()).last().isEqualTo(CLOSING_LINE);
            assertThat(idle2.awaitClosed()).last().isEqualTo(CLOSING_LINE);
            assertThat(server.metric("netcat_login_timeouts_total")).isEqualTo(2);
            server.awaitMetric("netcat_active_connections", 1);
            third.send("text the slot is mine");
            assertThat(third.awaitLineContaining("[third]:the slot is mine")).isNotEmpty();
            for (WireClient client : List.of(idle1, idle2, third)) {
                client.close();
            }
        }
    }
}
