package org.netcatchat.server.outbox;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {
    final AtomicInteger overflows = new AtomicInteger();
    final Outbox outbox = new Outbox(10, overflows::incrementAndGet);

    @Test
    void drainingTakesEverythingQueuedInOrder() throws InterruptedException {
        Outbox roomy = new Outbox(1000, overflows::incrementAndGet);
        byte[] a = {1};
        HistorySlice slice = new HistorySlice(5, 1);
        DurableAck ack = new DurableAck(7);
        byte[] b = {2, 3};
        roomy.offer(a);
        roomy.offer(slice);
        roomy.offer(ack);
        roomy.offer(b);
        List<Object> batch = new ArrayList<>();
        assertThat(roomy.drainTo(batch)).isTrue();
        assertThat(batch).containsExactly(new Outgoing.Line(a), slice, ack, new Outgoing.Line(b));
    }

    @Test
    void queuedSlicesAndAcksCountAgainstTheLimitSoUnreadHistRequestsOverflowToo() {
        Outbox small = new Outbox(100, overflows::incrementAndGet);
        int accepted = 0;
        while (small.offer(new HistorySlice(0, 1)) == Outbox.Offer.QUEUED) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(100 / Outbox.QUEUED_OBJECT_BYTES);
        assertThat(overflows).hasValue(1);
    }

    @Test
    void overflowingDropsTheQueueOnceAndRefusesEverythingAfter() throws InterruptedException {
        assertThat(outbox.offer(new byte[6])).isEqualTo(Outbox.Offer.QUEUED);
        assertThat(outbox.offer(new byte[5])).isEqualTo(Outbox.Offer.OVERFLOWED);
        assertThat(outbox.offer(new byte[1])).isEqualTo(Outbox.Offer.OVERFLOWED);
        assertThat(overflows).hasValue(1);
        assertThat(outbox.isOverflowed()).isTrue();
        assertThat(outbox.drainTo(new ArrayList<>())).as("the writer is told to stop").isFalse();
    }

    @Test
    void drainedBytesNoLongerCountAgainstTheLimit() throws InterruptedException {
        outbox.offer(new byte[10]);
        outbox.drainTo(new ArrayList<>());
        assertThat(outbox.offer(new byte[10])).isEqualTo(Outbox.Offer.QUEUED);
    }

    @Test
    void closingLetsTheWriterFinishWhatIsQueuedThenEnds() throws InterruptedException {
        outbox.offer(new byte[1]);
        outbox.close();
        assertThat(outbox.offer(new byte[1])).isEqualTo(Outbox.Offer.CLOSED);
        List<Object> batch = new ArrayList<>();
        assertThat(outbox.drainTo(batch)).isTrue();
        assertThat(batch).hasSize(1);
        assertThat(outbox.drainTo(batch)).isFalse();
    }

    @Test
    void aWaitingWriterWakesUpForAnOffer() throws Exception {
        List<Object> batch = new ArrayList<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                outbox.drainTo(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        outbox.offer(new byte[]{42});
        writer.join(java.time.Duration.ofSeconds(10));
        assertThat(writer.isAlive()).isFalse();
        assertThat(batch).hasSize(1);
    }
}
