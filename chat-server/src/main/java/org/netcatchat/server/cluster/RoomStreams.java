package org.netcatchat.server.cluster;

import org.netcatchat.protocol.RoomName;
import org.netcatchat.server.chat.Log;
import org.netcatchat.server.chat.RoomLogs;
import org.netcatchat.server.metrics.ServerEvents;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;

/**
 * A cluster's named rooms' logs: one Redis stream per room, {@code PREFIX:room:KEY}, kept as the lobby's is
 * ({@code --history-max-lines}), each followed on this node by a follower of its own while the room is open here
 * (or among the last emptied ones, {@code chat.Rooms}). One order per room across the cluster; rooms are not
 * ordered against each other, as on a single server. Thread-safe.
 */
final class RoomStreams implements RoomLogs {
    private final SharedLog lobby;
    private final String keyPrefix;
    private final String nodeId;
    private final EntryLines lines;
    private final ServerEvents events;

    RoomStreams(SharedLog lobby, String keyPrefix, String nodeId, EntryLines lines, ServerEvents events) {
        this.lobby = lobby;
        this.lines = lines;
        this.keyPrefix = keyPrefix;
        this.nodeId = nodeId;
        this.events = events;
    }

    static String streamKey(String keyPrefix, RoomName room) {
        return keyPrefix + ":room:" + room.key();
    }

    /** Follows the room's stream from its newest entry: a joiner's replay is read back from the stream. */
    @Override
    public Log open(RoomName room) throws IOException {
        SharedLog stream = lobby.room(streamKey(keyPrefix, room));
        try {
            return new StreamLog(stream, nodeId, stream.newest(), lines, events);
        } catch (JedisException e) {
            throw new IOException("cannot open the stream of " + room + ": " + e.getMessage(), e);
        }
    }
}
