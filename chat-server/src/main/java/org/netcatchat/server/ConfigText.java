package org.netcatchat.server;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The text of a config file: UTF-8, checked strictly, so a file saved in another encoding is named with the
 * line and byte where it goes wrong instead of the decoder's bare "Input length = 1". A UTF-8 byte-order mark
 * (Windows editors write one) is skipped: it is invisible, and left in it would glue itself to the first key.
 * A UTF-16 file (a byte-order mark, or NUL bytes) is refused as such. Stateless.
 */
final class ConfigText {
    private static final byte[] UTF_8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private ConfigText() {
    }

    /** @throws ConfigSources.ConfigException naming {@code path}, the line and the byte, when it is not UTF-8 */
    static String decode(Path path, byte[] bytes) throws ConfigSources.ConfigException {
        int start = startsWith(bytes, UTF_8_BOM) ? UTF_8_BOM.length : 0;
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw new ConfigSources.ConfigException("config file " + path + " is UTF-16 (it starts with a UTF-16"
                    + " byte-order mark): save it as UTF-8");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw notUtf8(path, bytes, in.position());
        }
        decoder.flush(out);
        String text = out.flip().toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new ConfigSources.ConfigException("config file " + path + " holds NUL bytes (line "
                    + lineOf(bytes, start + text.substring(0, nul).getBytes(StandardCharsets.UTF_8).length)
                    + "): is it UTF-16? Save it as UTF-8");
        }
        return text;
    }

    private static ConfigSources.ConfigException notUtf8(Path path, byte[] bytes, int offset) {
        int lineStart = offset;
        while (lineStart > 0 && bytes[lineStart - 1] != '\n') {
            lineStart--;
        }
        return new ConfigSources.ConfigException(String.format("config file %s is not UTF-8: line %d, byte %d of"
                        + " the line (byte %d of the file) is 0x%02X; save the file as UTF-8", path, lineOf(bytes, offset), offset - lineStart + 1,
                offset + 1, bytes[offset] & 0xFF));
    }

    /** The 1-based line of the byte at {@code offset}. */
    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
