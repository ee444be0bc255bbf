package org.netcatchat.server.history;

import org.netcatchat.server.chat.Backend;
import org.netcatchat.server.chat.Chat;
import org.netcatchat.server.chat.LocalNames;
import org.netcatchat.server.chat.Log;
import org.netcatchat.server.chat.Names;
import org.netcatchat.server.metrics.ServerEvents;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** A single server's chat parts: the rotating history file as its log, and a map of names. */
public final class LocalBackend implements Backend {
    private final RotatingHistory history;
    private final FileLog log;
    private final LocalNames names = new LocalNames();

    private LocalBackend(RotatingHistory history, ServerEvents events) {
        this.history = history;
        this.log = new FileLog(history, events);
    }

    /**
     * Opens (or creates) the history file and the files kept beside it.
     *
     * @param maxBytes rotate past this many bytes; 0 for never
     * @param keep     rotated files kept
     */
    public static LocalBackend open(Path file, FsyncPolicy fsync, int maxLineBytes, long maxBytes, int keep, Clock clock,
                                    ServerEvents events) throws IOException {
        HistoryFile live = HistoryFile.open(file, fsync, HistoryFile.longestLine(maxLineBytes), clock);
        try {
            return new LocalBackend(RotatingHistory.over(live, maxBytes, keep, events), events);
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
