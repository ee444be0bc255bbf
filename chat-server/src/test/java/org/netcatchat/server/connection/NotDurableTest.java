package org.netcatchat.server.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.Problem;
import org.netcatchat.server.chat.Replies;
import org.netcatchat.server.history.FileLog;
import org.netcatchat.server.history.FsyncPolicy;
import org.netcatchat.server.history.HistoryFile;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.DurableAck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, defect 11: when the fsync behind a durable ACK fails, the message has already been broadcast and
 * appended. The answer must say so ("do not send it again"), not "history unavailable", which means "not
 * sent, try again" and made a retrying client post it twice; and it is counted like every other error.
 */
class NotDurableTest {
    @TempDir
    Path dir;

    @Test
    void aFailedFsyncIsAnsweredNotDurableAndCounted() throws IOException {
        HistoryFile history = HistoryFile.open(dir.resolve("history.txt"), FsyncPolicy.BATCH);
        long end = history.append("[2026-11-30 12:00:00][a]:sent to everyone\n".getBytes(StandardCharsets.UTF_8));
        history.close(); // the file descriptor is gone: the fsync that syncTo does fails
        List<Problem> rejected = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ServerEvents events = recordingRejections(rejected);
        FileLog log = new FileLog(history, events);

        new BatchWriter("connection 1 from 127.0.0.1:40001", out, new Replies(events))
                .write(List.of(new DurableAck(log, end)));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "ERR not durable: the message was sent but may not survive a power loss; do not send it again\n\0");
        assertThat(rejected).containsExactly(Problem.NOT_DURABLE);
        assertThat(Problem.NOT_DURABLE.label()).isEqualTo("not_durable");
    }

    /** Every event ignored but {@link ServerEvents#frameRejected}, whose problems are added to {@code into}. */
    private static ServerEvents recordingRejections(List<Problem> into) {
        return (ServerEvents) Proxy.newProxyInstance(ServerEvents.class.getClassLoader(), new Class<?>[]{ServerEvents.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("frameRejected")) {
                        into.add((Problem) args[0]);
                    }
                    return null;
                });
    }
}
