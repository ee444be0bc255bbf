package org.netcatchat.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flags over environment over config file over defaults, for any option, and every wrong key named with its source. */
class ConfigSourcesTest {
    @TempDir
    Path dir;

    @Test
    void aConfigFileSetsOptionsThatTheCommandLineLeavesOut() throws Exception {
        Path config = write("""
                # the operator's settings
                port = 9000
                max-connections = 50
                fsync = never
                login-timeout = 2m
                """);

        ServerOptions options = parse(Map.of(), "--config", config.toString());

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.maxConnections()).isEqualTo(50);
        assertThat(options.fsync().name()).isEqualTo("NEVER");
        assertThat(options.loginTimeout()).hasMinutes(2);
        assertThat(options.replayLines()).isEqualTo(ServerOptions.DEFAULT_REPLAY_LINES);
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefaults() throws Exception {
        Path config = write("max-connections = 50\nreplay-lines = 7\nrate-burst = 9\n");
        Map<String, String> environment = Map.of("NETCAT_CHAT_MAX_CONNECTIONS", "60", "NETCAT_CHAT_REPLAY_LINES", "8",
                "NETCAT_CHAT_CONFIG", config.toString());

        ServerOptions options = parse(environment, "--max-connections", "70", "1234");

        assertThat(options.maxConnections()).as("flag over environment and file").isEqualTo(70);
        assertThat(options.replayLines()).as("environment over file").isEqualTo(8);
        assertThat(options.rateBurst()).as("file over default").isEqualTo(9);
        assertThat(options.port()).as("the positional port from the command line").isEqualTo(1234);
        assertThat(options.rateLimit()).as("default").isEqualTo(ServerOptions.DEFAULT_RATE_LIMIT);
    }

    @Test
    void theTrustedProxiesAreAListInTheFileAndTheEnvironmentAndRepeatedOnTheCommandLine() throws Exception {
        Path config = write("proxy-from = 10.0.0.5, 10.0.1.0/24\n");
        assertThat(parse(Map.of(), "--config", config.toString()).proxies().toString()).isEqualTo("[10.0.0.5, 10.0.1.0/24]");
        assertThat(parse(Map.of("NETCAT_CHAT_PROXY_FROM", "127.0.0.1,::1")).proxies().toString())
                .isEqualTo("[127.0.0.1, ::1]");
        assertThat(parse(Map.of("NETCAT_CHAT_PROXY_FROM", "127.0.0.1"), "--proxy-from", "10.0.0.1", "--proxy-from",
                "10.0.0.2").proxies().toString()).as("the command line wins, all of it").isEqualTo("[10.0.0.1, 10.0.0.2]");
        assertThat(parse(Map.of()).proxies().isEmpty()).as("none by default").isTrue();
    }

    @Test
    void thePortCanComeFromTheEnvironmentToo() throws Exception {
        assertThat(parse(Map.of("NETCAT_CHAT_PORT", "7777")).port()).isEqualTo(7777);
    }

    @Test
    void theConfigFlagBeatsTheConfigVariable() throws Exception {
        Path flagged = write("replay-lines = 1\n");
        Path other = Files.writeString(dir.resolve("other.properties"), "replay-lines = 2\n");

        ServerOptions options = parse(Map.of("NETCAT_CHAT_CONFIG", other.toString()), "--config", flagged.toString());

        assertThat(options.replayLines()).isEqualTo(1);
    }

    @Test
    void anUnknownKeyInTheFileIsNamedWithTheFile() throws Exception {
        Path config = write("max-conections = 50\n");

        assertThatThrownBy(() -> parse(Map.of(), "--config", config.toString()))
                .isInstanceOf(ConfigSources.ConfigException.class)
                .hasMessageStartingWith("unknown key 'max-conections' in " + config)
                .hasMessageContaining("max-connections");
    }

    @Test
    void anUnknownVariableWithOurPrefixIsNamed() {
        assertThatThrownBy(() -> parse(Map.of("NETCAT_CHAT_MAX_CONECTIONS", "5", "PATH", "/bin")))
                .isInstanceOf(ConfigSources.ConfigException.class)
                .hasMessageStartingWith("unknown environment variable NETCAT_CHAT_MAX_CONECTIONS");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> parse(Map.of(), "--config", missing.toString()))
                .isInstanceOf(ConfigSources.ConfigException.class)
                .hasMessage("config file " + missing + " does not exist");
    }

    @Test
    void aWrongValueFromTheEnvironmentIsTracedToItsVariable() throws Exception {
        CommandLine commandLine = Arguments.commandLine(new String[0], Map.of("NETCAT_CHAT_MAX_CONNECTIONS", "many"));
        ConfigSources sources = (ConfigSources) commandLine.getDefaultValueProvider();

        assertThatThrownBy(() -> commandLine.parseArgs())
                .isInstanceOfSatisfying(CommandLine.ParameterException.class, e -> {
                    assertThat(e.getMessage()).contains("many");
                    assertThat(sources.sourceOf(e.getArgSpec())).contains("environment variable NETCAT_CHAT_MAX_CONNECTIONS");
                });
    }

    @Test
    void aValueOutOfRangeFromTheFileIsTracedToTheFile() throws Exception {
        Path config = write("max-connections = 0\n");
        CommandLine commandLine = Arguments.commandLine(new String[] {"--config", config.toString()}, Map.of());
        ConfigSources sources = (ConfigSources) commandLine.getDefaultValueProvider();
        commandLine.parseArgs("--config", config.toString());

        assertThatThrownBy(() -> ((Arguments) commandLine.getCommand()).toOptions())
                .isInstanceOfSatisfying(IllegalArgumentException.class, e ->
                        assertThat(sources.sourceOfMessage(e.getMessage())).contains(config.toString()));
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped() throws Exception {
        Path config = Files.write(dir.resolve("chat-server.properties"),
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "max-connections = 50\n"));

        assertThat(parse(Map.of(), "--config", config.toString()).maxConnections()).isEqualTo(50);
    }

    @Test
    void aLatin1FileIsNamedWithTheLineAndByteThatIsNotUtf8() throws Exception {
        Path config = Files.write(dir.resolve("chat-server.properties"),
                "# settings\nmax-connections = 50\n# caf\u00e9 room\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> parse(Map.of(), "--config", config.toString()))
                .isInstanceOf(ConfigSources.ConfigException.class)
                .hasMessage("config file " + config + " is not UTF-8: line 3, byte 6 of the line (byte 38 of the file)"
                        + " is 0xE9; save the file as UTF-8");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE"})
    void aUtf16FileIsNamedAsSuch(String encoding) throws Exception {
        Path config = Files.write(dir.resolve("chat-server.properties"),
                "max-connections = 50\n".getBytes(Charset.forName(encoding)));

        assertThatThrownBy(() -> parse(Map.of(), "--config", config.toString()))
                .isInstanceOf(ConfigSources.ConfigException.class)
                .hasMessageStartingWith("config file " + config)
                .hasMessageContaining("UTF-16")
                .hasMessageEndingWith("as UTF-8");
    }

    @Test
    void aKeyGivenTwiceInTheFileIsRefusedWithBothValues() throws Exception {
        Path config = write("max-connections = 50\nreplay-lines = 7\nmax-connections = 60\n");

        assertThatThrownBy(() -> parse(Map.of(), "--config", config.toString()))
                .isInstanceOf(ConfigSources.ConfigException.class)
                .hasMessage("key 'max-connections' is given twice in " + config + " ('50', then '60'): keep one line for it");
    }

    @Test
    void twoSpellingsOfOneVariableAreRefusedNamingBoth() {
        assertThatThrownBy(() -> parse(Map.of("NETCAT_CHAT_MAX_CONNECTIONS", "5", "NETCAT_CHAT_Max_Connections", "6")))
                .isInstanceOf(ConfigSources.ConfigException.class)
                .hasMessage("environment variables NETCAT_CHAT_MAX_CONNECTIONS and NETCAT_CHAT_Max_Connections both set"
                        + " max-connections: keep one, NETCAT_CHAT_MAX_CONNECTIONS");
    }

    @Test
    void aLowerCaseVariableIsRefusedWithTheNameMeant() {
        assertThatThrownBy(() -> parse(Map.of("netcat_chat_max_connections", "5")))
                .isInstanceOf(ConfigSources.ConfigException.class)
                .hasMessage("environment variable netcat_chat_max_connections is not read: the names start with"
                        + " NETCAT_CHAT_ in capitals, NETCAT_CHAT_MAX_CONNECTIONS");
        assertThatThrownBy(() -> parse(Map.of("netcat_chat_config", "/etc/x.properties")))
                .hasMessageEndingWith("NETCAT_CHAT_CONFIG");
        assertThatThrownBy(() -> parse(Map.of("Netcat_Chat_Typo", "1")))
                .hasMessageStartingWith("environment variable Netcat_Chat_Typo is not read");
    }

    @Test
    void anEmptyVariableIsUnsetSoTheFileOrTheDefaultApplies() throws Exception {
        Path config = write("replay-lines = 7\n");

        ServerOptions options = parse(Map.of("NETCAT_CHAT_MAX_CONNECTIONS", "", "NETCAT_CHAT_REPLAY_LINES", " ",
                "NETCAT_CHAT_CONFIG", config.toString()));

        assertThat(options.maxConnections()).isEqualTo(ServerOptions.DEFAULT_MAX_CONNECTIONS);
        assertThat(options.replayLines()).isEqualTo(7);
        assertThat(parse(Map.of("NETCAT_CHAT_CONFIG", "")).replayLines()).isEqualTo(ServerOptions.DEFAULT_REPLAY_LINES);
    }

    @Test
    void aQueueBoundOutOfRangeFromTheEnvironmentIsTracedToItsVariable() throws Exception {
        CommandLine commandLine = Arguments.commandLine(new String[0], Map.of("NETCAT_CHAT_MAX_QUEUE_BYTES", "9999999999999"));
        ConfigSources sources = (ConfigSources) commandLine.getDefaultValueProvider();
        commandLine.parseArgs();

        assertThatThrownBy(() -> ((Arguments) commandLine.getCommand()).toOptions())
                .isInstanceOfSatisfying(IllegalArgumentException.class, e ->
                        assertThat(sources.sourceOfMessage(e.getMessage()))
                                .contains("environment variable NETCAT_CHAT_MAX_QUEUE_BYTES"));
    }

    @Test
    void environmentNamesAreTheLongOptionInCapitals() {
        assertThat(ConfigSources.environmentName("max-queue-bytes")).isEqualTo("NETCAT_CHAT_MAX_QUEUE_BYTES");
    }

    private ServerOptions parse(Map<String, String> environment, String... args) throws ConfigSources.ConfigException {
        CommandLine commandLine = Arguments.commandLine(args, environment);
        commandLine.parseArgs(args);
        return ((Arguments) commandLine.getCommand()).toOptions();
    }

    private static byte[] concat(byte[] head, String tail) {
        byte[] rest = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }

    private Path write(String properties) throws IOException {
        return Files.writeString(dir.resolve("chat-server.properties"), properties);
    }
}
