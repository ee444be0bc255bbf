package org.netcatchat.server.history;

import org.netcatchat.server.chat.Backend;
import org.netcatchat.server.chat.Chat;
import org.netcatchat.server.chat.LocalNames;
import org.netcatchat.server.chat.LocalRoomRosters;
import org.netcatchat.server.chat.Log;
import org.netcatchat.server.chat.Names;
import org.netcatchat.server.chat.OtherNodes;
import org.netcatchat.server.chat.RoomLogs;
import org.netcatchat.server.chat.RoomRosters;
import org.netcatchat.server.metrics.ServerEvents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A single server's chat parts: the rotating history file as the lobby's log, a map of names, and a file per
 * named room in {@code rooms/} beside the history ({@code rooms/dev.txt} for {@code #dev}), in the same format,
 * under the same fsync and rotation policy.
 */
public final class LocalBackend implements Backend {
    /** The folder beside the history file that holds the rooms' files. */
    public static final String ROOMS_FOLDER = "rooms";

    private final RotatingHistory history;
    private final FileLog log;
    private final LocalNames names = new LocalNames();
    private final RoomLogs roomLogs;
    private final LocalRoomRosters roomRosters = new LocalRoomRosters();

    private LocalBackend(RotatingHistory history, ServerEvents events, RoomLogs roomLogs) {
        this.history = history;
        this.log = new FileLog(history, events);
        this.roomLogs = roomLogs;
    }

    /**
     * Opens (or creates) the history file and the files kept beside it.
     *
     * @param maxBytes rotate past this many bytes; 0 for never
     * @param keep     rotated files kept
     */
    public static LocalBackend open(Path file, FsyncPolicy fsync, int maxLineBytes, long maxBytes, int keep, Clock clock,
                                    ServerEvents events) throws IOException {
        HistoryFile live = HistoryFile.open(file, fsync, HistoryFile.longestLine(maxLineBytes), clock, events);
        Path folder = file.toAbsolutePath().resolveSibling(ROOMS_FOLDER);
        // The lobby's file alone reports to netcat_history_* but its fsyncs: a room's file is logged when it fails.
        RoomLogs rooms = room -> {
            Files.createDirectories(folder);
            HistoryFile roomFile = HistoryFile.open(folder.resolve(room.key() + ".txt"), fsync,
                    HistoryFile.longestLine(maxLineBytes), clock, events); // its fsyncs count with the lobby's
            try {
                return new FileLog(RotatingHistory.over(roomFile, maxBytes, keep, ServerEvents.NONE), ServerEvents.NONE);
            } catch (IOException | RuntimeException e) {
                roomFile.close();
                throw e;
            }
        };
        try {
            return new LocalBackend(RotatingHistory.over(live, maxBytes, keep, events), events, rooms);
        } catch (IOException | RuntimeException e) {
            live.close();
            throw e;
        }
    }

    @Override
    public Log log() {
        return log;
    }

    @Override
    public Names names() {
        return names;
    }

    @Override
    public RoomLogs roomLogs() {
        return roomLogs;
    }

    @Override
    public RoomRosters roomRosters() {
        return roomRosters;
    }

    /** One server: everybody online is here. */
    @Override
    public OtherNodes otherNodes() {
        return OtherNodes.NONE;
    }

    @Override
    public void start(Chat chat) {
        log.start(chat);
    }

    @Override
    public void reopen() throws IOException {
        history.reopen();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
