package org.netcatchat.server.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader's buffer: small while the client is quiet, large while it sends in bulk, small again after. */
class ReadBufferTest {
    @Test
    void startsSmallAndStaysSmallForReadsThatDoNotFillIt() {
        ReadBuffer buffer = new ReadBuffer();
        for (int i = 0; i < 100; i++) {
            buffer.read(ReadBuffer.SMALL - 1);
        }
        assertThat(buffer.bytes()).hasSize(ReadBuffer.SMALL);
    }

    @Test
    void aReadThatFillsItMakesTheNextOneLarge() {
        ReadBuffer buffer = new ReadBuffer();
        buffer.read(ReadBuffer.SMALL);
        assertThat(buffer.bytes()).hasSize(ReadBuffer.LARGE);
        buffer.read(ReadBuffer.LARGE); // a full large read: it stays large, nothing allocated
        assertThat(buffer.bytes()).hasSize(ReadBuffer.LARGE);
    }

    @Test
    void itIsGivenBackOnlyAfterThatManySmallReadsInARow() {
        ReadBuffer buffer = new ReadBuffer();
        buffer.read(ReadBuffer.SMALL);
        for (int i = 0; i < ReadBuffer.CALM_READS - 1; i++) {
            buffer.read(10);
        }
        buffer.read(ReadBuffer.SMALL); // one bulk read starts the count again
        for (int i = 0; i < ReadBuffer.CALM_READS - 1; i++) {
            buffer.read(10);
        }
        assertThat(buffer.bytes()).hasSize(ReadBuffer.LARGE);
        buffer.read(10);
        assertThat(buffer.bytes()).hasSize(ReadBuffer.SMALL);
    }
}
