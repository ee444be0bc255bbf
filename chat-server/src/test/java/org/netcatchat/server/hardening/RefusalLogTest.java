package org.netcatchat.server.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.server.address.RefusalThrottle;
import org.netcatchat.testing.WireClient;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, item 7: connection-rate refusals against the real server, on a stepped clock. Before, each was a
 * DEBUG line and 186 of them left nothing in the log at INFO; now an address gets one INFO line at once and at
 * most one a minute after, with the count since its last line.
 */
class RefusalLogTest {
    private static final String CONNECTION_RATE = "netcat_refused_connections_total{reason=\"connection_rate\"}";

    @TempDir
    Path dir;

    @Test
    void aReconnectLoopGetsOneLineAtOnceAndOneAMinuteWithItsCount() {
        SteppedClock clock = new SteppedClock();
        try (StderrCapture log = new StderrCapture();
             MeteredServer server = MeteredServer.start(dir, clock, "--connection-burst", "2", "--connection-rate", "1")) {
            for (int i = 0; i < 2; i++) {
                server.connectAdmitted().close();
            }
            for (int i = 0; i < 20; i++) {
                refused(server);
            }
            server.awaitMetric(CONNECTION_RATE, 20);
            assertThat(refusalLines(log)).singleElement().asString()
                    .contains("from 127.0.0.1").contains("refused, connection_rate")
                    .contains("logged at most once a minute");

            clock.step(RefusalThrottle.INTERVAL); // the minute is over, and one new connection's token is back
            server.connectAdmitted().close(); // the next connection, admitted or not, tells the 19 since
            refused(server); // counted for the next line, a minute on
            server.awaitMetric(CONNECTION_RATE, 21);
            assertThat(refusalLines(log)).hasSize(2);
            assertThat(refusalLines(log).getLast()).contains("connections from 127.0.0.1: 19 refused since the last line (connection_rate 19)");
        }
    }

    private static void refused(MeteredServer server) {
        try (WireClient client = server.connect()) {
            assertThat(client.awaitClosed()).singleElement().asString().startsWith("Closing: too many new connections");
        }
    }

    private static List<String> refusalLines(StderrCapture log) {
        return log.text().lines().filter(line -> line.contains("INFO") && line.contains("refused")).toList();
    }
}
