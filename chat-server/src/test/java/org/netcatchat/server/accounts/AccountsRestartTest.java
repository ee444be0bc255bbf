package org.netcatchat.server.accounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.server.TestServer;
import org.netcatchat.testing.WireClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netcatchat.server.accounts.OwnedNamesTest.reply;

/** A name registered before a restart is still owned after it. */
class AccountsRestartTest {
    private static final String[] OPTIONS = {"--password-memory", "1024", "--password-iterations", "1"};

    @Test
    void anAccountSurvivesARestart(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir, OPTIONS); WireClient alice = server.connectAdmitted()) {
            alice.join("alice");
            assertThat(reply(alice, "pass correct-horse")).isEqualTo("ACK");
        }
        try (TestServer server = TestServer.start(dir, OPTIONS); WireClient client = server.connectAdmitted()) {
            assertThat(reply(client, "name alice")).startsWith("ERR name registered");
            assertThat(reply(client, "name alice correct-horse")).isEqualTo("ACK");
        }
    }
}
