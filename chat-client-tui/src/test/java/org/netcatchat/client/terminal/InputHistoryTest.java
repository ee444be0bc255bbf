package org.netcatchat.client.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputHistoryTest {
    @TempDir
    Path dir;

    @Test
    void theFileIsInTheXdgStateDirectoryOrUnderHome() {
        assertThat(InputHistory.location(Map.of("XDG_STATE_HOME", "/s", "HOME", "/h")))
                .contains(Path.of("/s/netcat-chat/history"));
        assertThat(InputHistory.location(Map.of("HOME", "/h"))).contains(Path.of("/h/.local/state/netcat-chat/history"));
        // The spec says a relative XDG path is invalid and must be ignored.
        assertThat(InputHistory.location(Map.of("XDG_STATE_HOME", "rel", "HOME", "/h")))
                .contains(Path.of("/h/.local/state/netcat-chat/history"));
        assertThat(InputHistory.location(Map.of())).isEqualTo(Optional.empty());
    }

    @Test
    void theFileIsMadePrivateAndSoIsItsDirectory() throws Exception {
        Path file = dir.resolve("state/netcat-chat/history");

        assertThat(InputHistory.prepare(file)).isTrue();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aFileLeftReadableByOthersIsMadePrivateAgain() throws Exception {
        Path file = dir.resolve("history");
        Files.writeString(file, "kept\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(InputHistory.prepare(file)).isTrue();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("kept\n");
    }
}
