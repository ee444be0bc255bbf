package org.netcatchat.server.chat;

import org.netcatchat.protocol.RoomName;

import java.io.IOException;

/**
 * Where the named rooms' logs come from: a single server keeps each in a file of its own beside the lobby's
 * ({@code rooms/dev.txt} beside {@code history.txt}), in the same format and under the same fsync and rotation
 * policy. The lobby's log is the backend's {@link Backend#log()}: never one of these.
 */
public interface RoomLogs {
    /**
     * Opens (or creates) the room's log, not yet started: the caller starts it with the room as its reader.
     *
     * @throws IOException when it cannot be opened: the room cannot be joined now
     */
    Log open(RoomName room) throws IOException;
}
