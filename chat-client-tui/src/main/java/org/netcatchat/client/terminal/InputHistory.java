package org.netcatchat.client.terminal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Where the lines typed at the chat prompt are kept between sessions (Up arrow, Ctrl+R):
 * {@code $XDG_STATE_HOME/netcat-chat/history}, or {@code ~/.local/state/netcat-chat/history} without it, as
 * the XDG base directory spec says. The directory is made mode 0700 and the file 0600: what one types is
 * nobody else's business. JLine keeps the file bounded ({@link #MAX_LINES}); names typed at the name prompt
 * are never stored.
 */
public final class InputHistory {
    /** A long memory of what one said, and still only about 100 KB. */
    static final int MAX_LINES = 1000;

    private InputHistory() {
    }

    /** The file, from the environment; empty when neither XDG_STATE_HOME (absolute) nor HOME is set. */
    public static Optional<Path> location(Map<String, String> environment) {
        Optional<Path> state = Optional.ofNullable(environment.get("XDG_STATE_HOME"))
                .filter(s -> !s.isBlank()).map(Path::of).filter(Path::isAbsolute)
                .or(() -> Optional.ofNullable(environment.get("HOME")).filter(h -> !h.isBlank())
                        .map(home -> Path.of(home, ".local", "state")));
        return state.map(dir -> dir.resolve("netcat-chat").resolve("history"));
    }

    /**
     * Makes sure the file exists with mode 0600 (and its directory 0700), before JLine appends to it.
     *
     * @return false when it cannot be made: the history then stays in memory for this session only
     */
    static boolean prepare(Path file) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return Files.isWritable(file);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
