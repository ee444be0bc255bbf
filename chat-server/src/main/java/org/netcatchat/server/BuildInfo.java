package org.netcatchat.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What build this is: the Maven project version and the commit it was built from, written into
 * {@code build.properties} by the build (chat-server/pom.xml). Two builds of one version (every snapshot is
 * {@code 1.0.0-SNAPSHOT}) differ by their commit; a build from a work tree with uncommitted changes says
 * {@code -dirty}, and one from a source tree without {@code .git} says {@code unknown}.
 */
public final class BuildInfo {
    private static final Properties BUILD = read();

    private BuildInfo() {
    }

    /** {@code 1.2.0}, or {@code development} when the classes were not built by Maven (an IDE's own build). */
    public static String version() {
        return value("version", "development");
    }

    /** The commit's abbreviated id, {@code bc11ad4}, with {@code -dirty} for uncommitted changes; or {@code unknown}. */
    public static String commit() {
        String commit = value("commit", "unknown");
        return Boolean.parseBoolean(value("dirty", "false")) ? commit + "-dirty" : commit;
    }

    /** {@code 1.2.0 (commit bc11ad4)}: what {@code --version} and the start-up line print. */
    public static String describe() {
        return version() + " (commit " + commit() + ")";
    }

    /** A value the build filled in; an unfiltered placeholder ({@code ${...}}) counts as missing. */
    private static String value(String key, String otherwise) {
        String value = BUILD.getProperty(key, "");
        return value.isBlank() || value.startsWith("${") ? otherwise : value;
    }

    private static Properties read() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build.properties from the jar", e);
        }
        return properties;
    }
}
