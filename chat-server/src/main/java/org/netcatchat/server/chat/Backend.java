package org.netcatchat.server.chat;

import java.io.IOException;

/**
 * The parts a chat runs on in one mode: its {@link Log} and its {@link Names}, and the rooms' logs and rosters. A single server's are the history
 * file and a map ({@code history.LocalBackend}); a cluster node's are the Redis stream and name leases
 * ({@code cluster.ClusterNode}). {@code ChatServer} picks one, in one place.
 */
public interface Backend extends AutoCloseable {
    Log log();

    Names names();

    /** Where the named rooms' logs come from. */
    RoomLogs roomLogs();

    /** Who is in each named room: on one server a map, in a cluster Redis. */
    RoomRosters roomRosters();

    /** The other nodes, for a private message to someone on one of them; a single server has none. */
    OtherNodes otherNodes();

    /** Starts handing the log's entries to the chat (and, in a cluster, keeping this node's leases). Once. */
    void start(Chat chat);

    /** SIGHUP: the history file is opened again if its path names another file now; a cluster has nothing to do. */
    void reopen() throws IOException;

    /** After every member has left: stops delivering and releases the log (and, in a cluster, this node's lease). */
    @Override
    void close() throws IOException;
}
