package org.netcatchat.protocol;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The greeting's line that names the zone of every time stamp the server sends: {@code Times are in UTC.} or
 * {@code Times are in Europe/Berlin.} The v1 stamp, {@code [YYYY-MM-DD HH:MM:SS]}, has no room for a zone, so
 * the server says it once, in words a person on {@code nc} reads and a program parses. Pure and stateless.
 */
public final class TimeZoneLine {
    private static final String PREFIX = "Times are in ";
    /** A zone id has no spaces: {@code UTC}, {@code Europe/Berlin}, {@code +01:00}, {@code UTC+01:00}. */
    private static final Pattern LINE = Pattern.compile(Pattern.quote(PREFIX) + "(\\S+)\\.");

    private TimeZoneLine() {
    }

    /** {@code Times are in ZONE.}, without the LF. */
    public static String of(ZoneId zone) {
        return PREFIX + zone.getId() + ".";
    }

    /** The zone a greeting line names; empty for any other line, or a zone this JVM does not know. */
    public static Optional<ZoneId> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(m.group(1)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
