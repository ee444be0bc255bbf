package org.netcatchat.server.logging;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Numbers as a person reads them in a log line or a line to a client: {@code 15 s} rather than {@code PT15S},
 * {@code 0.0001 seconds} rather than {@code 0 seconds} (a duration is never rounded to a value it is not), and
 * {@code 1 connection} rather than {@code 1 connections}. Stateless.
 */
public final class Units {
    private Units() {
    }

    /** {@code 15 s}, {@code 0.5 s}, {@code 0.0001 s}: exact to the nanosecond, trailing zeros dropped. */
    public static String seconds(Duration duration) {
        return number(duration) + " s";
    }

    /** {@code 30 seconds}, {@code 1 second}, {@code 0.0001 seconds}: for lines a person on {@code nc} reads. */
    public static String secondsInWords(Duration duration) {
        String number = number(duration);
        return number + (number.equals("1") ? " second" : " seconds");
    }

    /** {@code 1 connection}, {@code 0 connections}, {@code 7 connections}: {@code noun} is the singular. */
    public static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String number(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
        return seconds.stripTrailingZeros().toPlainString();
    }
}
