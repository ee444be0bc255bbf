package org.netcatchat.client.session;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.netcatchat.protocol.PushedLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who the client takes for online, from the lobby's notices (issue 18: a kicked member's notice, "was removed by",
 * is a leave as much as "has left").
 */
class PresenceTest {
    private static final LocalDateTime AT = LocalDateTime.of(2026, 12, 7, 20, 0);

    @Test
    void aMemberRemovedByAnOperatorIsNoLongerOnlineAndOnlyThatMember() {
        Presence presence = new Presence();
        for (String name : new String[] {"alice", "bob", "carol"}) {
            presence.saw(new PushedLine.Notice(AT, name + " has joined our chat..."));
        }

        presence.saw(new PushedLine.Notice(AT, "bob was removed by root: insults, and worse..."));
        presence.saw(new PushedLine.Notice(AT, "Carol was removed by root..."));

        assertThat(presence.names()).containsExactly("alice");
    }

    @Test
    void aMessageThatOnlyQuotesTheWordsIsNotALeave() {
        Presence presence = new Presence();
        presence.saw(new PushedLine.Notice(AT, "bob has joined our chat..."));

        presence.saw(new PushedLine.Message(AT, "alice", "bob was removed by root..."));

        assertThat(presence.names()).containsExactly("alice", "bob");
    }
}
