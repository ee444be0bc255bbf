package org.netcatchat.server;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Option values from outside the command line: environment variables ({@code NETCAT_CHAT_MAX_CONNECTIONS=50})
 * and a properties file ({@code --config FILE}, keys without the dashes: {@code max-connections = 50}).
 *
 * <p>Precedence is flags &gt; environment &gt; file &gt; defaults, and it falls out of how picocli works:
 * it asks a default-value provider only for options the command line did not give, and this provider
 * answers from the environment first, then the file. So every option, including ones added later, can be
 * set in all three places without a line of code per option.
 *
 * <p>Every value remembers where it came from, so a wrong one is reported with its source, and a key that
 * names no option (a typo) is refused rather than ignored. Nothing is resolved silently: a key given twice in
 * the file, two variables that name one option ({@code NETCAT_CHAT_PORT} and {@code NETCAT_CHAT_Port}), and a
 * variable with the prefix in lower case (ignored by the rule above, so the operator would never know) are
 * errors; an empty variable counts as unset (systemd's {@code Environment=NETCAT_CHAT_PORT=}). The file is read
 * as UTF-8 by {@link ConfigText}. Immutable.
 */
final class ConfigSources implements CommandLine.IDefaultValueProvider {
    static final String ENV_PREFIX = "NETCAT_CHAT_";
    /** Names the config file, like {@code --config}; the flag wins. */
    static final String CONFIG_ENV = ENV_PREFIX + "CONFIG";
    /** The key of the one positional parameter. */
    private static final String PORT_KEY = "port";
    /** Options that are not settings, so they have no key. */
    private static final Set<String> NOT_SETTINGS = Set.of("help", "version", "config");

    /** A value and where it came from: {@code NETCAT_CHAT_PORT} or {@code /etc/netcat-chat/chat-server.properties}. */
    record Sourced(String value, String source) {
    }

    /** A key or file that cannot be used; the message names it and its source. */
    static final class ConfigException extends Exception {
        ConfigException(String message) {
            super(message);
        }
    }

    private final Map<String, Sourced> byKey;

    private ConfigSources(Map<String, Sourced> byKey) {
        this.byKey = Map.copyOf(byKey);
    }

    /** Nothing but the command line: for tests and tools that parse arguments alone. */
    static ConfigSources none() {
        return new ConfigSources(Map.of());
    }

    /**
     * Reads the environment's {@code NETCAT_CHAT_*} variables and the config file, if {@code --config} (the
     * last one in {@code args}) or {@code NETCAT_CHAT_CONFIG} names one, checking every key against the
     * options of {@code spec}.
     */
    static ConfigSources load(CommandSpec spec, String[] args, Map<String, String> environment) throws ConfigException {
        Set<String> keys = keysOf(spec);
        Map<String, Sourced> byKey = new HashMap<>();
        Optional<String> file = configFile(args)
                .or(() -> Optional.ofNullable(environment.get(CONFIG_ENV)).filter(name -> !name.isBlank()));
        if (file.isPresent()) {
            Path path = Path.of(file.get());
            Properties properties = read(path);
            for (String key : new TreeSet<>(properties.stringPropertyNames())) {
                if (!keys.contains(key)) {
                    throw new ConfigException("unknown key '" + key + "' in " + path + "; the keys are the long options without"
                            + " their dashes: " + String.join(", ", new TreeSet<>(keys)));
                }
                byKey.put(key, new Sourced(properties.getProperty(key).strip(), path.toString()));
            }
        }
        Map<String, String> spelledAs = new HashMap<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.regionMatches(true, 0, ENV_PREFIX, 0, ENV_PREFIX.length())) {
                continue;
            }
            String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
            if (!name.startsWith(ENV_PREFIX)) {
                // Variables are case-sensitive: netcat_chat_port would be ignored without a word, so say what was meant.
                String meant = name.equalsIgnoreCase(CONFIG_ENV) ? CONFIG_ENV
                        : keys.contains(key) ? environmentName(key) : ENV_PREFIX + "...";
                throw new ConfigException("environment variable " + name + " is not read: the names start with "
                        + ENV_PREFIX + " in capitals, " + meant);
            }
            if (name.equals(CONFIG_ENV)) {
                continue;
            }
            if (!keys.contains(key)) {
                throw new ConfigException("unknown environment variable " + name + "; the names are " + ENV_PREFIX
                        + " and a long option in capitals, e.g. " + environmentName("max-connections"));
            }
            String other = spelledAs.putIfAbsent(key, name);
            if (other != null) {
                throw new ConfigException("environment variables " + other + " and " + name + " both set " + key
                        + ": keep one, " + environmentName(key));
            }
            if (variable.getValue().isBlank()) {
                continue; // set but empty (NETCAT_CHAT_PORT= in a unit file): unset, the file or the default applies
            }
            byKey.put(key, new Sourced(variable.getValue().strip(), "environment variable " + name));
        }
        return new ConfigSources(byKey);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        Sourced sourced = byKey.get(keyOf(argSpec));
        return sourced == null ? null : sourced.value();
    }

    /** Where this option's value came from, when not from the command line or the built-in default. */
    Optional<String> sourceOf(ArgSpec argSpec) {
        return Optional.ofNullable(byKey.get(keyOf(argSpec))).map(Sourced::source);
    }

    /**
     * The source of the value a validation message is about: messages start with the option
     * ({@code "--fsync takes ..."}) or name the setting in words ({@code "max connections must be from 1 to ..."}),
     * which are its key with spaces for dashes.
     */
    Optional<String> sourceOfMessage(String message) {
        return byKey.entrySet().stream()
                .filter(entry -> message.startsWith(entry.getKey().replace('-', ' ') + " ")
                        || message.startsWith("--" + entry.getKey() + " "))
                .map(entry -> entry.getValue().source())
                .findFirst();
    }

    /** {@code max-connections} → {@code NETCAT_CHAT_MAX_CONNECTIONS}. */
    static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String keyOf(ArgSpec argSpec) {
        return argSpec instanceof OptionSpec option ? option.longestName().replaceFirst("^--", "") : PORT_KEY;
    }

    private static Set<String> keysOf(CommandSpec spec) {
        Set<String> keys = new TreeSet<>();
        keys.add(PORT_KEY);
        for (OptionSpec option : spec.options()) {
            String key = keyOf(option);
            if (!NOT_SETTINGS.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The last {@code --config FILE} or {@code --config=FILE}, read before picocli parses anything. */
    private static Optional<String> configFile(String[] args) {
        Optional<String> file = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Optional.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                file = Optional.of(args[i].substring("--config=".length()));
            }
        }
        return file;
    }

    private static Properties read(Path path) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + path + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
        }
        Map<String, String> duplicates = new LinkedHashMap<>();
        Properties properties = new Properties() {
            // Properties.load keeps the last of two lines with one key: an edit made at the top of a long
            // file would silently lose to an old line further down, so both are reported instead.
            @Override
            public synchronized Object put(Object key, Object value) {
                Object before = super.put(key, value);
                if (before != null) {
                    duplicates.putIfAbsent((String) key, "'" + before + "', then '" + value + "'");
                }
                return before;
            }
        };
        try {
            properties.load(new StringReader(ConfigText.decode(path, bytes)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
        }
        if (!duplicates.isEmpty()) {
            Map.Entry<String, String> first = duplicates.entrySet().iterator().next();
            throw new ConfigException("key '" + first.getKey() + "' is given twice in " + path + " (" + first.getValue()
                    + "): keep one line for it");
        }
        return properties;
    }
}
