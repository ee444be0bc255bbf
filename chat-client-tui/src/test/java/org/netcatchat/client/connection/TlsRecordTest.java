package org.netcatchat.client.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TlsRecordTest {
    @Test
    void aTlsAlertOrHandshakeIsSeenEvenOneByteAtATime() {
        for (byte type : new byte[] {0x15, 0x16}) {
            TlsRecord record = new TlsRecord();
            assertThat(record.seen(new byte[] {type}, 1)).isFalse();
            assertThat(record.seen(new byte[] {0x03, 0x03}, 2)).isTrue();
        }
    }

    @Test
    void aChatServersFirstBytesAreNotTls() {
        byte[] greeting = "Welcome to netcat-chat!\n".getBytes(StandardCharsets.UTF_8);
        TlsRecord record = new TlsRecord();
        assertThat(record.seen(greeting, greeting.length)).isFalse();
        assertThat(new TlsRecord().seen(new byte[] {0, 0x15, 0x03}, 3)).isFalse(); // a reply end, then anything
        // Only the stream's start counts: the same bytes later in it are text.
        assertThat(record.seen(new byte[] {0x15, 0x03}, 2)).isFalse();
    }
}
