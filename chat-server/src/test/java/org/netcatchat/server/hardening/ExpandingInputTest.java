package org.netcatchat.server.hardening;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.MeteredServer;
import org.netcatchat.testing.WireClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, defect 7: a line of invalid bytes within {@code --max-line-bytes} would triple once sanitised. It is
 * refused with a clear error instead, nothing of it is broadcast or stored, and the sender may send it again
 * shorter; what is broadcast, queued and stored stays within the documented limit.
 */
class ExpandingInputTest {
    @TempDir
    Path dir;

    @Test
    void theIssuesLineOf4091InvalidBytesIsRefusedAndNeitherBroadcastNorStored() {
        try (MeteredServer server = MeteredServer.start(dir);
             WireClient listener = server.joined("listener");
             WireClient sender = server.joined("sender")) {
            listener.awaitLineContaining("] sender has joined our chat...");

            assertThat(sender.sendRaw(text(4091)).nextReply()).singleElement().asString()
                    .startsWith("ERR line too long once invalid bytes and control characters are replaced")
                    .contains("it was not sent");
            server.awaitMetric("netcat_rejected_frames_total{reason=\"line_too_long\"}", 1);

            assertThat(sender.sendRaw(text(1000)).nextReply()).singleElement().asString().endsWith("[sender]:" + "\uFFFD".repeat(1000));
            assertThat(listener.nextLine()).as("the next line the others see").endsWith("[sender]:" + "\uFFFD".repeat(1000));
            listener.assertExhausted();
            assertThat(server.server().historyLines()).allSatisfy(line ->
                    assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThan(4096 + 512));
        }
    }

    /** "text ", {@code count} bytes of 0xFF (never valid UTF-8) and LF. */
    private static byte[] text(int count) {
        byte[] line = new byte[5 + count + 1];
        System.arraycopy("text ".getBytes(StandardCharsets.US_ASCII), 0, line, 0, 5);
        Arrays.fill(line, 5, 5 + count, (byte) 0xFF);
        line[line.length - 1] = '\n';
        return line;
    }
}
