package org.netcatchat.server.connection;

/** Why a connection ended, as its reader or writer saw it first. Logged once per connection. */
enum Ending {
    QUIT("client sent quit"),
    CLIENT_CLOSED("client closed the connection"),
    CLIENT_CLOSED_MID_FRAME("client closed the connection in the middle of a line"),
    RESET("connection reset or broken"),
    LOGIN_TIMEOUT("no name within the login timeout"),
    IDLE_TIMEOUT("nothing received within the idle timeout"),
    TOO_SLOW("outbound queue overflowed: client too slow"),
    CLOSED_BY_SERVER("closed by the server"),
    UNTRUSTED_PROXY_HEADER("sent a PROXY protocol header, but its address is not in --proxy-from");

    private final String description;

    Ending(String description) {
        this.description = description;
    }

    @Override
    public String toString() {
        return description;
    }
}
