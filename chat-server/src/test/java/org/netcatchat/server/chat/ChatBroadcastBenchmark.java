package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.server.history.FileLog;
import org.netcatchat.server.history.FsyncPolicy;
import org.netcatchat.server.history.HistoryFile;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.Outbox;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broadcast hot path of a single server: one {@code text} appended to the history file and handed back by the
 * log to every member's outbox, then every outbox drained as its writer would (without the socket write).
 * Ops/s × members = deliveries/s of the chat alone. Run with {@code chat-server/run-jmh.sh}; not part of the test suite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class ChatBroadcastBenchmark {
    @Param({"10", "100", "1000"})
    int members;

    private final List<Object> batch = new ArrayList<>();
    private final Command.Text text = new Command.Text("~bench.3.1234.567890123456789.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    private Path dir;
    private HistoryFile history;
    private Chat chat;
    private List<Member> all;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("room-bench");
        history = HistoryFile.open(dir.resolve("history.txt"), FsyncPolicy.NEVER);
        FileLog log = new FileLog(history, ServerEvents.NONE);
        chat = new Chat(log, new LocalNames(), Clock.systemDefaultZone(), ServerEvents.NONE, 0);
        log.start(chat);
        all = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            Member member = new Member(i, "127.0.0.1:" + (40000 + i), Outbox.drainedByCaller(1L << 30, () -> {
            }));
            chat.name(member, new ChatName("m" + i));
            all.add(member);
        }
        drainAll();
    }

    @Benchmark
    public int broadcastOneMessage() {
        chat.replies().queue(all.getFirst(), chat.say(all.getFirst(), text));
        return drainAll();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        history.close();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private int drainAll() {
        int items = 0;
        for (Member member : all) {
            member.outbox().drainTo(batch);
            items += batch.size();
            batch.clear();
        }
        return items;
    }
}
