package org.netcatchat.server.accounts;

import org.junit.jupiter.api.Test;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Command;
import org.netcatchat.protocol.Password;
import org.netcatchat.protocol.Problem;
import org.netcatchat.protocol.Reply;
import org.netcatchat.server.TestServer;
import org.netcatchat.server.address.AddressKey;
import org.netcatchat.server.chat.Answer;
import org.netcatchat.server.metrics.ServerEvents;
import org.netcatchat.server.moderation.Moderation;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster node does not serve owned names or operators yet: it says so in one honest line, takes every name as a
 * guest's, and refuses {@code --operator} at start. (Accounts in one node's file would protect a name on one node.)
 */
class NotOnAClusterTest {
    private static final AddressKey HOME = new AddressKey("192.0.2.1");

    @Test
    void aPasswordIsNotServedAndANameWithoutOneIsAGuests() {
        SignIn signIn = SignIn.ofClusterNode(ServerEvents.NONE);

        assertThat(signIn.prove("c1", new ChatName("alice"), Optional.empty(), HOME, SignIn.Transport.PLAIN))
                .isInstanceOf(SignIn.Proof.Guest.class);
        assertThat(signIn.prove("c1", new ChatName("alice"), Optional.of(new Password("correct-horse")), HOME,
                SignIn.Transport.TLS)).isEqualTo(new SignIn.Proof.Refused(SignIn.NOT_ON_A_CLUSTER));
        assertThat(signIn.register("c1", new ChatName("alice"), false, new Password("correct-horse"), SignIn.Transport.TLS))
                .isInstanceOfSatisfying(Reply.Error.class, error -> {
                    assertThat(error.problem()).isEqualTo(Problem.NOT_SERVED);
                    assertThat(error.reason()).startsWith("not served: owned names and operators are not served on a cluster yet");
                });
    }

    @Test
    void operatorsCommandsAreNotServed() {
        Moderation moderation = Moderation.ofClusterNode(Clock.systemUTC(), ServerEvents.NONE);

        // No chat: a cluster node answers before it would look at one.
        Answer answer = moderation.handle(Optional.of(new ChatName("root")), "c1", new Command.Bans(), null);

        assertThat(answer).isEqualTo(Answer.error(new Reply.Error(Problem.NOT_SERVED,
                "not served: operators are not served on a cluster yet")));
        assertThat(moderation.refusalAtConnect(HOME)).isEmpty();
    }

    @Test
    void anOperatorOptionIsRefusedWithACluster() {
        String hash = PasswordHash.of(new Password("correct-horse"), new HashCost(1024, 1, 1), new SecureRandom()).encode();

        assertThatThrownBy(() -> TestServer.parse("--cluster", "redis://127.0.0.1:6379", "--operator", "root:" + hash))
                .hasMessageContaining("--operator is not served on a cluster yet");
    }
}
