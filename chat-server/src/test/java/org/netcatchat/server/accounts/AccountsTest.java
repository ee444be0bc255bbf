package org.netcatchat.server.accounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcatchat.protocol.ChatName;
import org.netcatchat.protocol.Password;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The accounts file: what is registered survives a reopen, the file is replaced whole and kept private. */
class AccountsTest {
    private static final HashCost CHEAP = new HashCost(1024, 1, 1);
    @TempDir
    Path dir;

    @Test
    void aRegisteredNameIsFoundAgainAfterAReopenWhateverItsCaseOrWidth() throws IOException {
        Path file = dir.resolve("accounts.txt");
        Accounts accounts = Accounts.open(file, List.of());
        PasswordHash hash = PasswordHash.of(new Password("correct-horse"), CHEAP, new SecureRandom());
        accounts.register(new ChatName("Alice"), hash);

        Accounts reopened = Accounts.open(file, List.of());

        assertThat(reopened.find(ChatName.parse("ａｌｉｃｅ") instanceof ChatName.Result.Valid(ChatName n) ? n : null))
                .hasValueSatisfying(account -> {
                    assertThat(account.name().display()).isEqualTo("Alice");
                    assertThat(account.hash()).isEqualTo(hash);
                    assertThat(account.operator()).isFalse();
                });
        assertThat(reopened.find(new ChatName("bob"))).isEmpty();
    }

    @Test
    void theFileIsTheOwnersAloneAndNoTemporaryFileIsLeft() throws IOException {
        Path file = dir.resolve("accounts.txt");
        Accounts accounts = Accounts.open(file, List.of());
        accounts.register(new ChatName("alice"), PasswordHash.of(new Password("correct-horse"), CHEAP, new SecureRandom()));
        accounts.register(new ChatName("alice"), PasswordHash.of(new Password("battery-staple"), CHEAP, new SecureRandom()));
        accounts.register(new ChatName("bob"), PasswordHash.of(new Password("battery-staple"), CHEAP, new SecureRandom()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("accounts.txt");
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3).noneMatch(line -> line.contains("correct-horse") || line.contains("battery-staple"));
        assertThat(lines.get(1)).startsWith("alice $argon2id$v=19$m=1024,t=1,p=1$");
    }

    @Test
    void anOperatorsNameIsProtectedAndCannotBeRegistered() throws IOException {
        Operator operator = new Operator(new ChatName("root"), PasswordHash.of(new Password("correct-horse"), CHEAP,
                new SecureRandom()));
        Accounts accounts = Accounts.open(dir.resolve("accounts.txt"), List.of(operator));

        assertThat(accounts.find(new ChatName("ROOT"))).hasValueSatisfying(account -> assertThat(account.operator()).isTrue());
        assertThatThrownBy(() -> accounts.register(new ChatName("root"), operator.hash()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("accounts.txt")).doesNotExist();
    }

    @Test
    void aLineThatIsNoAccountStopsTheStart() throws IOException {
        Files.writeString(dir.resolve("accounts.txt"), "# header\nalice not-a-hash\n");

        assertThatThrownBy(() -> Accounts.open(dir.resolve("accounts.txt"), List.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("account 1 is not NAME ARGON2ID-HASH");
    }

    @Test
    void anOperatorOptionIsNameColonHash() {
        String hash = PasswordHash.of(new Password("correct-horse"), CHEAP, new SecureRandom()).encode();

        assertThat(Operator.parse("root:" + hash).name()).isEqualTo(new ChatName("root"));
        assertThatThrownBy(() -> Operator.parse("root")).hasMessageContaining("NAME:HASH");
        assertThatThrownBy(() -> Operator.parse("ro ot:" + hash)).hasMessageContaining("invalid name");
        assertThatThrownBy(() -> Operator.parse("root:$argon2id$junk")).hasMessageContaining("not one hash-password prints")
                .hasMessageNotContaining("junk");
    }
}
