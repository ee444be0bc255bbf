package org.netcatchat.server.outbox;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {
    final AtomicInteger overflows = new AtomicInteger();
    final Outbox outbox = Outbox.drainedByCaller(10, overflows::incrementAndGet);
    /** Where the slices and ACKs queued here would be read and synced: never, in these tests. */
    final HistorySource nowhere = new HistorySource() {
        @Override
        public long copyTail(long end, int lines, java.io.OutputStream out) {
            throw new AssertionError("an outbox never reads its history");
        }

        @Override
        public void syncTo(long position) {
            throw new AssertionError("an outbox never syncs");
        }
    };

    @Test
    void drainingTakesEverythingQueuedInOrder() {
        Outbox roomy = Outbox.drainedByCaller(1000, overflows::incrementAndGet);
        byte[] a = {1};
        HistorySlice slice = new HistorySlice(nowhere, 5, 1);
        DurableAck ack = new DurableAck(nowhere, 7);
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
        Outbox small = Outbox.drainedByCaller(100, overflows::incrementAndGet);
        int accepted = 0;
        while (small.offer(new HistorySlice(nowhere, 0, 1)) == Outbox.Offer.QUEUED) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(100 / Outbox.QUEUED_OBJECT_BYTES);
        assertThat(overflows).hasValue(1);
    }

    @Test
    void overflowingDropsTheQueueOnceAndRefusesEverythingAfter() {
        assertThat(outbox.offer(new byte[6])).isEqualTo(Outbox.Offer.QUEUED);
        assertThat(outbox.offer(new byte[5])).isEqualTo(Outbox.Offer.OVERFLOWED);
        assertThat(outbox.offer(new byte[1])).isEqualTo(Outbox.Offer.OVERFLOWED);
        assertThat(overflows).hasValue(1);
        assertThat(outbox.isOverflowed()).isTrue();
        assertThat(outbox.drainTo(new ArrayList<>())).as("the writer is told to stop").isFalse();
    }

    @Test
    void drainedBytesNoLongerCountAgainstTheLimit() {
        outbox.offer(new byte[10]);
        outbox.drainTo(new ArrayList<>());
        assertThat(outbox.offer(new byte[10])).isEqualTo(Outbox.Offer.QUEUED);
    }

    @Test
    void closingLetsTheWriterFinishWhatIsQueuedThenEnds() {
        outbox.offer(new byte[1]);
        outbox.close();
        assertThat(outbox.offer(new byte[1])).isEqualTo(Outbox.Offer.CLOSED);
        List<Object> batch = new ArrayList<>();
        assertThat(outbox.drainTo(batch)).isTrue();
        assertThat(batch).hasSize(1);
        assertThat(outbox.drainTo(batch)).isFalse();
    }

    /** Records what the outbox asks of its owner; the test drains it itself. */
    static final class RecordingOwner implements Outbox.Owner {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger overflowed = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();

        @Override
        public void startSending() {
            starts.incrementAndGet();
        }

        @Override
        public void overflowed() {
            overflowed.incrementAndGet();
        }

        @Override
        public void finished() {
            finished.incrementAndGet();
        }
    }

    final RecordingOwner owner = new RecordingOwner();
    final Outbox owned = new Outbox(100, owner);

    @Test
    void whatIsOfferedBeforeTheFirstDrainIsSentByTheCreatorNotByAStartedSender() {
        owned.offer(new byte[]{1});
        owned.offer(new byte[]{2});
        assertThat(owner.starts).hasValue(0);
        List<Object> batch = new ArrayList<>();
        assertThat(owned.drainTo(batch)).isTrue();
        assertThat(owned.drainTo(batch)).as("nothing left: the turn ends").isFalse();
        assertThat(batch).hasSize(2);
        assertThat(owner.starts).hasValue(0);
    }

    @Test
    void theFirstOfferToAnIdleOutboxStartsOneSenderUntilItsTurnEnds() {
        owned.drainTo(new ArrayList<>()); // the creator's turn ends: idle
        owned.offer(new byte[]{1});
        owned.offer(new byte[]{2});
        assertThat(owner.starts).as("one sender for a burst").hasValue(1);
        List<Object> batch = new ArrayList<>();
        assertThat(owned.drainTo(batch)).isTrue();
        owned.offer(new byte[]{3});
        assertThat(owner.starts).as("its turn is not over: it takes this one too").hasValue(1);
        assertThat(owned.drainTo(batch)).isTrue();
        assertThat(owned.drainTo(batch)).isFalse();
        owned.offer(new byte[]{4});
        assertThat(owner.starts).as("idle again: a new sender").hasValue(2);
        assertThat(owner.finished).hasValue(0);
    }

    @Test
    void closingAnIdleOutboxFinishesAtOnceAndOnlyOnce() {
        owned.drainTo(new ArrayList<>());
        owned.close();
        owned.close();
        assertThat(owner.finished).hasValue(1);
        assertThat(owned.offer(new byte[]{1})).isEqualTo(Outbox.Offer.CLOSED);
        assertThat(owner.starts).hasValue(0);
    }

    @Test
    void closingWithLinesQueuedFinishesOnlyWhenTheSenderHasTakenThemAll() {
        owned.drainTo(new ArrayList<>());
        owned.offer(new byte[]{1});
        owned.close();
        assertThat(owner.finished).as("one line still to send").hasValue(0);
        List<Object> batch = new ArrayList<>();
        assertThat(owned.drainTo(batch)).isTrue();
        assertThat(owner.finished).as("taken, not yet written").hasValue(0);
        assertThat(owned.drainTo(batch)).isFalse();
        assertThat(owner.finished).hasValue(1);
    }

    @Test
    void anOverflowWithoutASenderTellsTheOwnerAndFinishes() {
        owned.drainTo(new ArrayList<>());
        assertThat(owned.offer(new byte[101])).isEqualTo(Outbox.Offer.OVERFLOWED);
        assertThat(owner.overflowed).hasValue(1);
        assertThat(owner.finished).hasValue(1);
        assertThat(owner.starts).hasValue(0);
    }

    @Test
    void anOverflowWhileASenderWritesFinishesWhenItsTurnEnds() {
        owned.drainTo(new ArrayList<>());
        owned.offer(new byte[60]);
        assertThat(owned.offer(new byte[60])).isEqualTo(Outbox.Offer.OVERFLOWED);
        assertThat(owner.overflowed).hasValue(1);
        assertThat(owner.finished).as("the sender may still be in a write").hasValue(0);
        assertThat(owned.drainTo(new ArrayList<>())).as("the queue was dropped").isFalse();
        assertThat(owner.finished).hasValue(1);
    }

    @Test
    void abandoningDropsWhatIsQueuedAndFinishes() {
        owned.drainTo(new ArrayList<>());
        owned.offer(new byte[]{1});
        owned.abandon();
        assertThat(owner.finished).hasValue(1);
        assertThat(owned.offer(new byte[]{2})).isEqualTo(Outbox.Offer.CLOSED);
        assertThat(owned.drainTo(new ArrayList<>())).isFalse();
        assertThat(owner.finished).hasValue(1);
    }

    /**
     * Real threads: four offer concurrently while senders come and go, each started by the outbox as the
     * connection starts them. Every line arrives once, each producer's in its order, and never are two senders
     * running at the same time.
     */
    @Test
    void sendersStartedOnDemandDeliverEveryLineOnceInOrderOneAtATime() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        List<Outgoing> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Outbox[] box = new Outbox[1];
        box[0] = new Outbox(Long.MAX_VALUE, new Outbox.Owner() {
            @Override
            public void startSending() {
                Thread.ofVirtual().start(() -> {
                    List<Outgoing> batch = new ArrayList<>();
                    while (box[0].drainTo(batch)) {
                        // Between a drain that returned true and the next drain, the sender "writes": only one may.
                        if (running.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        sent.addAll(batch);
                        batch.clear();
                        Thread.yield(); // a write takes time: let any other sender that wrongly exists run into it
                        running.decrementAndGet();
                    }
                });
            }

            @Override
            public void overflowed() {
            }

            @Override
            public void finished() {
                done.countDown();
            }
        });
        box[0].drainTo(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perProducer; i++) {
                    box[0].offer(new byte[]{(byte) producer, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(java.time.Duration.ofSeconds(60));
        }
        box[0].close();
        assertThat(done.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("finished").isTrue();
        int[] next = new int[producers];
        for (Outgoing item : sent) {
            byte[] b = ((Outgoing.Line) item).bytes();
            int producer = b[0];
            int i = ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            assertThat(i).as("producer %d's lines in order, none twice", producer).isEqualTo(next[producer]);
            next[producer]++;
        }
        assertThat(next).as("every line").containsOnly(perProducer);
        assertThat(overlaps).as("two senders at once").hasValue(0);
    }
}
