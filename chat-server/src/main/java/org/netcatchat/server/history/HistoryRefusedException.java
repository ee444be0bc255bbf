package org.netcatchat.server.history;

import java.io.IOException;

/**
 * The history cannot be used as it is, and the server must not start on it (or, at run time, must not
 * append to it): a second server owns it, it is a symbolic link, it holds NUL bytes, or what follows its
 * last line end cannot be a torn line. The message is one line that names the file, says what is wrong and
 * what to do; {@code Main} prints it as it is.
 */
public final class HistoryRefusedException extends IOException {
    public HistoryRefusedException(String message) {
        super(message);
    }
}
