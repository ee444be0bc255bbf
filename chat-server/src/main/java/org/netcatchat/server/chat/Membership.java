package org.netcatchat.server.chat;

import org.netcatchat.protocol.ChatName;

import java.util.concurrent.CountDownLatch;

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

    Membership(Member member, ChatName name) {
        this.member = member;
        this.name = name;
    }
}
