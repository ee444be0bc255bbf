package org.netcatchat.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
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
    void environmentNamesAreTheLongOptionInCapitals() {
        assertThat(ConfigSources.environmentName("max-queue-bytes")).isEqualTo("NETCAT_CHAT_MAX_QUEUE_BYTES");
    }

    private ServerOptions parse(Map<String, String> environment, String... args) throws ConfigSources.ConfigException {
        CommandLine commandLine = Arguments.commandLine(args, environment);
        commandLine.parseArgs(args);
        return ((Arguments) commandLine.getCommand()).toOptions();
    }

    private Path write(String properties) throws IOException {
        return Files.writeString(dir.resolve("chat-server.properties"), properties);
    }
}
