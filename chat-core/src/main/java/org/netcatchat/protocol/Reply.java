package org.netcatchat.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The server's answer to one command. An error is a value here, never an exception. */
public sealed interface Reply permits Reply.Ack, Reply.Error {

    /** The bytes on the wire, ending with {@link Wire#END_OF_REPLY}. */
    byte[] encode();

    /** Success: a single 0x00 byte. */
    record Ack() implements Reply {
        private static final byte[] BYTES = {Wire.END_OF_REPLY};

        /** Shared and never written to: one array serves every ACK the server sends. */
        @Override
        public byte[] encode() {
            return BYTES;
        }
    }

    /** Failure: {@code ERR <reason>} LF 0x00. The reason is one printable line. */
    record Error(Problem problem, String reason) implements Reply {
        public Error {
            Objects.requireNonNull(problem, "problem");
            reason = Printable.clean(reason);
        }

        @Override
        public byte[] encode() {
            return (Wire.ERROR_PREFIX + reason + "\n\0").getBytes(StandardCharsets.UTF_8);
        }
    }

    Ack ACK = new Ack();
}
