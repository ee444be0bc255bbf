package org.netcatchat.client.connection;

/** Opens a new connection to the same server: the first one, and each one after a reconnect. */
@FunctionalInterface
public interface Dial {

    /** @throws CannotConnect with one line a person can read */
    Connection open() throws CannotConnect;
}
