package org.netcatchat.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What tells the server that the certificate or key files changed: each one's modification time, or why it has
 * none (missing, unreadable). A missing file is a state like any other, so it is reported once, not at every
 * connection.
 */
record FileStamps(String certificate, String key) {
    static FileStamps of(Path certificateFile, Path keyFile) {
        return new FileStamps(stamp(certificateFile), stamp(keyFile));
    }

    private static String stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file).toString();
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }
}
