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
     * Waits until the member is attached (its join entry came back from the log), at most {@code wait}.
     *
     * @return false when the wait ran out: it is attached when the entry does come back
     */
    boolean awaitAttached(Duration wait) {
        try {
            return attachedLatch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
