package org.netcatchat.server;

/** What build this is: the Maven project version, written into the jar's manifest by the build. */
public final class BuildInfo {
    private BuildInfo() {
    }

    /** {@code 1.2.0}, or {@code development} when running from classes rather than the jar (tests in an IDE). */
    public static String version() {
        String version = BuildInfo.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
