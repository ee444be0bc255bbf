package org.netcatchat.client.connection;

/** The connection could not be opened. The message is one line for a person: {@code connection refused}. */
public final class CannotConnect extends Exception {
    private static final long serialVersionUID = 1L;

    public CannotConnect(String message, Throwable cause) {
        super(message, cause);
    }
}
