package org.netcatchat.protocol;

/**
 * The wire constants of the protocol (version 2, which keeps every frame of version 1), in one place. The full contract is docs/PROTOCOL.md.
 *
 * <pre>
 * client → server: one frame per line
 *
 *   +----------+-------+------------------------------+-------------------+
 *   | command  | space | argument                     | end of line       |
 *   | 4 bytes  | 0..1  | UTF-8, at most max-line-bytes| LF, CR LF or CR   |
 *   +----------+-------+------------------------------+-------------------+
 *     name | text | hist | list | quit            (version 1)
 *     join | part | tell | room                  (version 2: rooms, private messages)
 *
 * server → client: lines ended by LF, and replies; every reply ends with one 0x00 byte
 *
 *   greeting lines ........ once, when the connection is admitted
 *   [ts][alice]:hello ..... a pushed message
 *   [ts] alice has ... .... a pushed notice
 *   ERR reason LF 0x00 .... a failed command
 *   0x00 .................. a successful command (after its output, for hist)
 * </pre>
 */
public final class Wire {
    /** Ends every reply. It never appears inside a line, so a reader can always tell the two apart. */
    public static final byte END_OF_REPLY = 0;
    public static final byte LF = '\n';
    public static final byte CR = '\r';
    public static final byte SPACE = ' ';
    public static final int COMMAND_BYTES = 4;
    public static final String ERROR_PREFIX = "ERR ";

    public static final int DEFAULT_PORT = 8989;
    public static final int DEFAULT_METRICS_PORT = 2112;
    /** Long enough for any human message, short enough that a flood of them stays cheap. */
    public static final int DEFAULT_MAX_LINE_BYTES = 4096;
    /** Names are for people to read in a transcript; 32 fits a column. */
    public static final int MAX_NAME_CHARACTERS = 32;
    /**
     * Eight characters: with the server's limit on wrong guesses (docs/SECURITY.md), even a password of eight
     * lower-case letters (2e11 of them) outlasts years of guessing over the network; a stolen accounts file is
     * what Argon2id's cost is for. More is welcome; NIST SP 800-63B asks for at least 8.
     */
    public static final int MIN_PASSWORD_CHARACTERS = 8;
    /** Bounds the bytes one hash reads; far above any pass phrase a person types. */
    public static final int MAX_PASSWORD_CHARACTERS = 256;
    /** hist N takes at most nine digits, so N always fits an int. */
    static final int MAX_HIST_DIGITS = 9;

    private Wire() {
    }
}
