package org.netcatchat.server.history;

/**
 * When the history file is forced to stable storage. Every policy ACKs a {@code text} only after its line
 * has been handed to the operating system, so a crash of the server process never loses an ACKed message;
 * the policies differ only for a crash of the machine (power loss, kernel panic).
 */
public enum FsyncPolicy {
    /** Every line is fsynced on its own before its ACK: durable, and the slowest. */
    ALWAYS,
    /**
     * Group commit: a writer that needs its line durable forces the file once for every line appended
     * so far; writers that arrive meanwhile wait for that fsync to end, and those it covered return then.
     * Durable before ACK, like ALWAYS, at a fraction of the cost under load.
     */
    BATCH,
    /** Never fsync: the OS writes back when it likes (seconds). Survives a process crash, not a power loss. */
    NEVER
}
