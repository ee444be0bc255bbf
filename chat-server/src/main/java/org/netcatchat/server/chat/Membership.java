package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A member's place in the chat: its name, whether it gets every line live yet, and the position of the last line
 * it appended. The chat's to own: every field is guarded by the chat's lock.
 */
final class Membership {
    private static final System.Logger LOG = System.getLogger(Membership.class.getName());
    /** How long a join waits for its own notice to come back from the log before it answers anyway. */
    static final Duration ATTACH_WAIT = Duration.ofSeconds(10);

    final Member member;
    /** Counted down once the member is attached. */
    final CountDownLatch attachedLatch = new CountDownLatch(1);
    ChatName name;
    /** False between its join entry's append and that entry coming back from the log. */
    boolean attached;
    /** Where its last own line (a message, a rename) is in the log; -1 for none. */
    long lastAppended = -1;
    /** True once its part or leave notice is appended: it is taken out as that notice comes back. */
    boolean leaving;

    Membership(Member member, ChatName name) {
        this.member = member;
        this.name = name;
    }

    /**
     * Waits until the member is attached (its join entry came back from {@code log}), at most {@link #ATTACH_WAIT};
     * past that the join answers anyway (logged), and the member is attached when the entry does come back.
     */
    void awaitAttached(Object log) {
        if (!attachedWithin(ATTACH_WAIT)) {
            LOG.log(System.Logger.Level.WARNING, "{0}: its join notice has not come back from {1} within {2}; it is"
                    + " attached when it does", member.label(), log, ATTACH_WAIT);
        }
    }

    /**
     * The join's append failed: @return whether its notice comes back all the same. Only an append that was not
     * confirmed (the log's store took it but did not answer) may: it is waited for, at most {@link #ATTACH_WAIT}.
     */
    boolean attachedDespite(java.io.IOException failure) {
        return failure instanceof Log.NotConfirmed && attachedWithin(ATTACH_WAIT);
    }

    private boolean attachedWithin(Duration wait) {
        try {
            return attachedLatch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return attachedLatch.getCount() == 0;
        }
    }
}
