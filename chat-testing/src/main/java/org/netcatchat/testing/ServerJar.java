package org.netcatchat.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the server's fat jar is: the one place that knows. Maven hands its path to the tests in the system
 * property {@value #PROPERTY} (chat-server's own integration tests: its {@code target/}; the client's and the
 * bench's: the {@code chat-server} artifact Maven resolved for them), so no test guesses a relative path.
 */
public final class ServerJar {
    /** The system property that names the jar. */
    public static final String PROPERTY = "netcatchat.server.jar";

    private ServerJar() {
    }

    /** The jar named by {@value #PROPERTY}; fails, naming the property, when it is unset or not a file. */
    public static Path path() {
        String value = System.getProperty(PROPERTY, "");
        if (value.isBlank()) {
            throw new IllegalStateException("the system property " + PROPERTY + " is not set: it names the chat-server"
                    + " jar, and the module's failsafe configuration sets it (run the tests with `mvn verify`)");
        }
        Path jar = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(PROPERTY + "=" + value + " is not a file: build the server first"
                    + " (`mvn verify` from the root builds chat-server before the modules that start it)");
        }
        return jar;
    }
}
