package org.netcatchat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerJarTest {
    @TempDir
    Path dir;
    private String saved;

    @BeforeEach
    void saveProperty() {
        saved = System.getProperty(ServerJar.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(ServerJar.PROPERTY);
        } else {
            System.setProperty(ServerJar.PROPERTY, saved);
        }
    }

    @Test
    void anUnsetPropertyFailsNamingTheProperty() {
        System.clearProperty(ServerJar.PROPERTY);

        assertThatThrownBy(ServerJar::path).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("netcatchat.server.jar is not set");
    }

    @Test
    void aMissingJarFailsNamingThePropertyAndThePath() {
        Path missing = dir.resolve("no-such.jar");
        System.setProperty(ServerJar.PROPERTY, missing.toString());

        assertThatThrownBy(ServerJar::path).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("netcatchat.server.jar=" + missing + " is not a file");
    }

    @Test
    void anExistingJarIsReturnedAsAnAbsolutePath() throws IOException {
        Path jar = Files.writeString(dir.resolve("chat-server.jar"), "not really a jar");
        System.setProperty(ServerJar.PROPERTY, jar.toString());

        assertThat(ServerJar.path()).isEqualTo(jar.toAbsolutePath()).isAbsolute();
    }
}
