package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.server.history.FileLog;
import org.netcatchat.server.history.FsyncPolicy;
import org.netcatchat.server.history.HistoryFile;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.outbox.DurableAck;
import org.netcatchat.server.outbox.HistorySlice;
import org.netcatchat.server.outbox.Outbox;
import org.netcatchat.server.outbox.Outgoing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One {@link Chat} without sockets, in either mode, for the tests that must hold for both: over the real history
 * file ({@link Mode#FILE}, a single server) or over a log that hands entries back later on a thread of its own
 * ({@link Mode#STREAM}, shaped like a cluster's stream). Members' outboxes are drained by the test.
 * The clock stands still at {@link #TS}, so every pushed line of one text has one length.
 */
final class ChatFixture implements AutoCloseable {
    static final String TS = "[2026-11-30 12:00:00]";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    /** The two logs a chat runs over. */
    enum Mode { FILE, STREAM }

    private final Mode mode;
    private final Log log;
    private final Chat chat;
    private final HistoryFile file;
    /** The named rooms' logs opened so far, so {@link #settle} can wait for them too. */
    private final java.util.Map<String, Log> roomLogs = new java.util.concurrent.ConcurrentHashMap<>();

    private ChatFixture(Mode mode, Log log, HistoryFile file, Clock clock, ServerEvents events, int replayLines,
                        java.util.Optional<Path> roomsDir, RoomLimits limits) {
        this.mode = mode;
        this.log = log;
        this.file = file;
        java.util.Optional<RoomLogs> rooms = roomsDir.map(dir -> room -> {
            Log opened = switch (mode) {
                case FILE -> new FileLog(HistoryFile.open(dir.resolve(room.key() + ".txt"), FsyncPolicy.NEVER), events);
                case STREAM -> new MemoryLog();
            };
            roomLogs.put(room.key(), opened);
            return opened;
        });
        this.chat = new Chat(log, new LocalNames(), rooms, limits, clock, events, replayLines);
        log.start(chat);
    }

    /** A chat that serves named rooms too, each over a log of the same mode (a file in {@code dir}, or in memory). */
    static ChatFixture withRooms(Mode mode, Path dir, ServerEvents events, int replayLines, RoomLimits limits)
            throws IOException {
        return switch (mode) {
            case FILE -> {
                HistoryFile file = HistoryFile.open(dir.resolve("history.txt"), FsyncPolicy.NEVER);
                yield new ChatFixture(mode, new FileLog(file, events), file, CLOCK, events, replayLines,
                        java.util.Optional.of(dir), limits);
            }
            case STREAM -> new ChatFixture(mode, new MemoryLog(), null, CLOCK, events, replayLines,
                    java.util.Optional.of(dir), limits);
        };
    }

    /** {@code join#room}, no creation limit; returns once every line it caused is delivered. */
    Answer joinRoom(Member member, String room) {
        return settled(member, chat.conversations().join(member, new org.netcatchat.protocol.RoomName(room), () -> true));
    }

    /** {@code tell#room message}; returns once every line it caused is delivered. */
    Answer sayIn(Member member, String room, String message) {
        return settled(member, chat.conversations().say(member,
                new Command.TellRoom(new org.netcatchat.protocol.RoomName(room), message)));
    }

    static ChatFixture open(Mode mode, Path dir, ServerEvents events, int replayLines) throws IOException {
        return open(mode, dir, FsyncPolicy.NEVER, events, replayLines);
    }

    static ChatFixture open(Mode mode, Path dir, FsyncPolicy fsync, ServerEvents events, int replayLines)
            throws IOException {
        return open(mode, dir, fsync, CLOCK, events, replayLines);
    }

    static ChatFixture open(Mode mode, Path dir, FsyncPolicy fsync, Clock clock, ServerEvents events, int replayLines)
            throws IOException {
        return switch (mode) {
            case FILE -> {
                HistoryFile file = HistoryFile.open(dir.resolve("history.txt"), fsync);
                yield new ChatFixture(mode, new FileLog(file, events), file, clock, events, replayLines,
                        java.util.Optional.empty(), RoomLimits.DEFAULT);
            }
            case STREAM -> new ChatFixture(mode, new MemoryLog(), null, clock, events, replayLines,
                    java.util.Optional.empty(), RoomLimits.DEFAULT);
        };
    }

    Mode mode() {
        return mode;
    }

    Chat chat() {
        return chat;
    }

    Log log() {
        return log;
    }

    /** The stream-shaped log; only in {@link Mode#STREAM}. */
    MemoryLog memoryLog() {
        return (MemoryLog) log;
    }

    static Member member(long id, long queueBytes) {
        return new Member(id, "127.0.0.1:" + (40000 + id), Outbox.drainedByCaller(Math.max(1, queueBytes), () -> {
        }));
    }

    /** {@code name}, its answer queued as the session would; returns once every line it caused is delivered. */
    Answer join(Member member, String name) {
        return settled(member, chat.name(member, new ChatName(name)));
    }

    /** {@code text}, its answer queued as the session would; returns once every line it caused is delivered. */
    Answer say(Member member, String message) {
        return settled(member, chat.say(member, new Command.Text(message)));
    }

    /** The member leaves; returns once its notice (and what that caused) is delivered. */
    void leave(Member member) {
        chat.leave(member);
        settle();
    }

    Answer settled(Member member, Answer answer) {
        chat.replies().queue(member, answer);
        settle();
        return answer;
    }

    /** From now on the log refuses every append: a full disk (the file is closed), a Redis outage (the stream). */
    void failAppends() throws IOException {
        if (log instanceof MemoryLog memory) {
            memory.failAppends(true);
        } else {
            file.close(); // later appends fail
        }
    }

    /** Waits until the log has handed back every line appended so far. */
    void settle() {
        if (log instanceof MemoryLog memory) {
            memory.settle();
        }
        for (Log room : roomLogs.values()) {
            if (room instanceof MemoryLog memory) {
                memory.settle();
            }
        }
    }

    /** What is queued for the member, one string per line (a history slice read out, a durable ACK settled). */
    List<String> drain(Member member) {
        List<Outgoing> items = new ArrayList<>();
        member.outbox().drainTo(items);
        List<String> lines = new ArrayList<>();
        for (Outgoing item : items) {
            switch (item) {
                case Outgoing.Line line -> lines.add(text(line.bytes()));
                case HistorySlice slice -> lines.addAll(slice(slice));
                case DurableAck ack -> lines.add(text(chat.replies().afterSync(ack, "test")));
            }
        }
        return lines;
    }

    private List<String> slice(HistorySlice slice) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            slice.source().copyTail(slice.end(), slice.lines(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return split(out.toString(StandardCharsets.UTF_8));
    }

    /** Every line in the log, in its order, each with its LF. */
    List<String> logLines() {
        if (log instanceof MemoryLog memory) {
            return memory.lines();
        }
        try {
            return split(Files.readString(file.path()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> logTail(int count) {
        List<String> all = logLines();
        return all.subList(all.size() - count, all.size());
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split("(?<=\n)")).filter(line -> !line.isEmpty()).toList();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A named room's log, once it has been opened. */
    Log roomLog(String room) {
        return roomLogs.get(room);
    }

    /** Every line in a named room's log (in {@link Mode#FILE} its file), each with its LF. */
    List<String> roomLines(Path dir, String room) {
        if (mode == Mode.STREAM) {
            return ((MemoryLog) roomLogs.get(room)).lines();
        }
        try {
            return split(Files.readString(dir.resolve(room + ".txt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        chat.closeRooms();
        log.close();
    }
}
