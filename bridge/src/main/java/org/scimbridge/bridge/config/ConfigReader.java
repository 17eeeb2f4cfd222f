package org.scimbridge.bridge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import org.scimbridge.bridge.config.BridgeConfig.Secret;
import org.scimbridge.mapping.config.ConfigException;

/**
 * Typed, checked access to one YAML file through helidon-config, for {@link BridgeConfigLoader}: every bad value is a
 * {@link ConfigException} naming the file, the key and the reason; relative paths resolve against the file's folder;
 * secrets come from a file, an environment variable or a systemd credential, never from the YAML.
 */
final class ConfigReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String file;
    private final Path folder;
    private final Config config;
    private final Map<String, String> environment;

    ConfigReader(Path path, Map<String, String> environment) {
        this.file = path.toString();
        this.folder = path.toAbsolutePath().getParent();
        this.environment = environment;
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(file, "", "does not exist or is not a file");
        }
        try {
            this.config = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .sources(ConfigSources.file(path))
                    .build();
            config.traverse().count(); // parse now, so YAML errors surface here with the file name
        } catch (RuntimeException e) {
            throw new ConfigException(file, "", "is not valid YAML: " + e.getMessage());
        }
    }

    /** The node at {@code key} (it may not exist). */
    Config node(String key) {
        return config.get(key);
    }

    List<DN> dns(String key) {
        List<DN> dns = new ArrayList<>();
        for (String value : list(key)) {
            try {
                dns.add(new DN(value));
            } catch (LDAPException e) {
                throw error(key, "'" + value + "' is not a DN: " + e.getDiagnosticMessage());
            }
        }
        return dns;
    }

    List<String> list(String key) {
        Config node = config.get(key);
        if (!node.exists()) {
            return List.of();
        }
        if (!node.isList()) {
            throw error(key, "must be a list");
        }
        List<String> values = node.asList(String.class).orElse(List.of()).stream().map(String::strip).toList();
        if (values.stream().anyMatch(String::isEmpty)) {
            throw error(key, "must not hold empty values");
        }
        return values;
    }

    void rejectUnknown(String parent, Set<String> known) {
        Config node = parent.isEmpty() ? config : config.get(parent);
        if (!node.exists()) {
            return;
        }
        if (!parent.isEmpty() && !node.isObject()) {
            throw error(parent, "must be a map of keys to values");
        }
        for (Config child : node.asNodeList().orElse(List.of())) {
            String name = child.name();
            if (!known.contains(name)) {
                throw error(child.key().toString(), "unknown key; expected one of " + known.stream().sorted().toList());
            }
        }
    }

    /** A secret from exactly one of {@code <stem>File}, {@code <stem>Env}, {@code <stem>Credential} below {@code parent}. */
    Secret secret(String parent, String stem) {
        String prefix = parent + "." + stem;
        Optional<String> fromFile = optionalText(prefix + "File");
        Optional<String> fromEnv = optionalText(prefix + "Env");
        Optional<String> fromCredential = optionalText(prefix + "Credential");
        int given = (fromFile.isPresent() ? 1 : 0) + (fromEnv.isPresent() ? 1 : 0) + (fromCredential.isPresent() ? 1 : 0);
        if (given != 1) {
            throw error(parent, "set exactly one of " + stem + "File, " + stem + "Env, " + stem + "Credential");
        }
        if (fromEnv.isPresent()) {
            String value = environment.get(fromEnv.get());
            if (value == null || value.isEmpty()) {
                throw error(prefix + "Env", "environment variable " + fromEnv.get() + " is not set or empty");
            }
            return new Secret(value);
        }
        Path secretFile;
        String key;
        if (fromCredential.isPresent()) {
            key = prefix + "Credential";
            secretFile = credential(key, fromCredential.get());
        } else {
            key = prefix + "File";
            secretFile = resolve(fromFile.get());
        }
        try {
            String value = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw error(key, secretFile + " is empty");
            }
            return new Secret(value);
        } catch (IOException e) {
            throw error(key, "cannot read " + secretFile + ": " + e.getClass().getSimpleName());
        }
    }

    /** {@link #secret(String, String)} where the secret is optional: empty when none of its three keys is set. */
    Optional<Secret> optionalSecret(String parent, String stem) {
        boolean given = Stream.of("File", "Env", "Credential").anyMatch(kind -> config.get(parent + "." + stem + kind).exists());
        return given ? Optional.of(secret(parent, stem)) : Optional.empty();
    }

    /** systemd LoadCredential= puts the file into $CREDENTIALS_DIRECTORY (systemd.exec(5), "Credentials"). */
    Path credential(String key, String name) {
        String credentials = environment.get("CREDENTIALS_DIRECTORY");
        if (credentials == null) {
            throw error(key, "CREDENTIALS_DIRECTORY is not set: run under systemd with LoadCredential=" + name);
        }
        return Path.of(credentials, name);
    }

    String text(String key) {
        return optionalText(key).orElseThrow(() -> error(key, "is required"));
    }

    String text(String key, String defaultValue) {
        return optionalText(key).orElse(defaultValue);
    }

    Optional<String> optionalText(String key) {
        Config node = config.get(key);
        if (!node.exists()) {
            return Optional.empty();
        }
        if (!node.isLeaf()) {
            throw error(key, "must be a single value");
        }
        String value = node.asString().get().strip();
        if (value.isEmpty()) {
            throw error(key, "must not be empty");
        }
        return Optional.of(value);
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<String> text = optionalText(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw error(key, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(key, "must be a whole number, not '" + text.get() + "'");
        }
    }

    /** A non-negative decimal such as 0.5 or 20. */
    double decimal(String key, double defaultValue, double max) {
        Optional<String> text = optionalText(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.get());
            if (!(value >= 0 && value <= max)) {
                throw error(key, "must be between 0 and " + (long) max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(key, "must be a number, not '" + text.get() + "'");
        }
    }

    boolean bool(String key, boolean defaultValue) {
        return optionalText(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key, "must be true or false");
        }).orElse(defaultValue);
    }

    Duration duration(String key, String defaultValue) {
        String text = text(key, defaultValue);
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw error(key, "must be a duration such as 500ms, 5s, 2m, 24h or 90d, not '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    Duration positive(String key, String defaultValue) {
        Duration value = duration(key, defaultValue);
        if (value.isZero()) {
            throw error(key, "must be more than 0");
        }
        return value;
    }

    Path path(String key) {
        Path path = resolve(text(key));
        if (!Files.isRegularFile(path)) {
            throw error(key, path + " does not exist or is not a file");
        }
        return path;
    }

    Path resolve(String value) {
        Path path = Path.of(value);
        return path.isAbsolute() ? path : folder.resolve(path).normalize();
    }

    ConfigException error(String key, String reason) {
        return new ConfigException(file, key, reason);
    }
}
