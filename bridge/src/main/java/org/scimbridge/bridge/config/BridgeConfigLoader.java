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

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import org.scimbridge.bridge.config.BridgeConfig.Audit;
import org.scimbridge.bridge.config.BridgeConfig.Directory;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.config.BridgeConfig.Secret;
import org.scimbridge.bridge.config.BridgeConfig.Server;
import org.scimbridge.mapping.config.ConfigException;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * Reads the bridge YAML through helidon-config. Unknown keys, missing keys and bad values stop start-up with the file,
 * the key and the reason. Relative paths are resolved against the config file's folder.
 */
public final class BridgeConfigLoader {

    private static final Map<String, Set<String>> KNOWN = Map.of(
            "", Set.of("server", "directory", "mapping", "tokens", "audit", "limits", "paging"),
            "paging", Set.of("strategy", "maxScan", "snapshotTtl", "scanPageSize"),
            "server", Set.of("host", "port", "publicUrl", "shutdownGrace"),
            "directory", Set.of("urls", "bindDn", "bindPasswordFile", "bindPasswordEnv", "bindPasswordCredential", "poolSize",
                    "connectTimeout", "responseTimeout", "balancing", "healthCheckInterval", "retryAfter", "startTls",
                    "trustStore", "trustStorePasswordFile", "trustStorePasswordEnv", "trustStorePasswordCredential",
                    "insecureSkipVerify"),
            "audit", Set.of("file", "stdout", "sinks", "failClosed", "hashChain"),
            "limits", Set.of("maxPayloadBytes", "maxResults"));
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");

    private final String file;
    private final Path folder;
    private final Config config;
    private final Map<String, String> environment;

    private BridgeConfigLoader(Path path, Map<String, String> environment) {
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

    public static BridgeConfig load(Path path) {
        return load(path, System.getenv());
    }

    public static BridgeConfig load(Path path, Map<String, String> environment) {
        return new BridgeConfigLoader(path, environment).read();
    }

    private BridgeConfig read() {
        KNOWN.forEach(this::rejectUnknown);
        Server server = new Server(text("server.host", "127.0.0.1"), integer("server.port", 8080, 0, 65535),
                optionalText("server.publicUrl").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u),
                duration("server.shutdownGrace", "10s"));
        Directory directory = directory();
        Path mappingPath = path("mapping");
        MappingConfig mapping = MappingLoader.load(mappingPath);
        Path tokens = path("tokens");
        Audit audit = new Audit(auditSinks(), bool("audit.failClosed", false), bool("audit.hashChain", false));
        Limits limits = new Limits(integer("limits.maxPayloadBytes", 1_048_576, 1024, Integer.MAX_VALUE),
                integer("limits.maxResults", 1000, 1, 100_000));
        Paging defaults = Paging.defaults();
        Paging paging = new Paging(switch (text("paging.strategy", "auto").toLowerCase(Locale.ROOT)) {
            case "auto" -> Paging.Strategy.AUTO;
            case "vlv" -> Paging.Strategy.VLV;
            case "snapshot" -> Paging.Strategy.SNAPSHOT;
            default -> throw error("paging.strategy", "must be auto, vlv or snapshot");
        }, integer("paging.maxScan", defaults.maxScan(), 1, 10_000_000), duration("paging.snapshotTtl", "60s"),
                integer("paging.scanPageSize", defaults.scanPageSize(), 10, 100_000));
        return new BridgeConfig(server, directory, mapping, tokens, audit, limits, paging);
    }

    private void rejectUnknown(String parent, Set<String> known) {
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

    /** {@code audit.file} and {@code audit.stdout} are shorthands for the first two kinds of {@code audit.sinks}. */
    private List<Audit.Sink> auditSinks() {
        List<Audit.Sink> sinks = new ArrayList<>();
        optionalText("audit.file").map(this::resolve).map(Audit.FileSink::new).ifPresent(sinks::add);
        if (bool("audit.stdout", false)) {
            sinks.add(new Audit.StdoutSink());
        }
        Config list = config.get("audit.sinks");
        if (list.exists() && !list.isList()) {
            throw error("audit.sinks", "must be a list of sinks, each with a type: file, stdout, udp or tcp");
        }
        int count = list.exists() ? list.asNodeList().get().size() : 0;
        for (int i = 0; i < count; i++) {
            sinks.add(auditSink("audit.sinks." + i));
        }
        return sinks;
    }

    private Audit.Sink auditSink(String key) {
        String type = text(key + ".type").toLowerCase(Locale.ROOT);
        Set<String> known = switch (type) {
            case "file" -> Set.of("type", "path");
            case "stdout" -> Set.of("type");
            case "udp" -> Set.of("type", "host", "port", "queueSize");
            case "tcp" -> Set.of("type", "host", "port", "queueSize", "tls", "caFile");
            default -> throw error(key + ".type", "must be file, stdout, udp or tcp, not '" + type + "'");
        };
        rejectUnknown(key, known);
        return switch (type) {
            case "file" -> new Audit.FileSink(resolve(text(key + ".path")));
            case "stdout" -> new Audit.StdoutSink();
            case "udp" -> new Audit.UdpSink(text(key + ".host"), integer(key + ".port", 514, 1, 65535), queueSize(key));
            default -> {
                boolean tls = bool(key + ".tls", false);
                Optional<Path> caFile = optionalText(key + ".caFile").map(this::resolve);
                if (caFile.isPresent() && !tls) {
                    throw error(key + ".caFile", "applies to tls: true only");
                }
                if (caFile.isPresent() && !Files.isRegularFile(caFile.get())) {
                    throw error(key + ".caFile", caFile.get() + " does not exist or is not a file");
                }
                // RFC 6587 has no assigned port for plain TCP (514 by custom); RFC 5425 section 4.1 assigns 6514 to TLS.
                yield new Audit.TcpSink(text(key + ".host"), integer(key + ".port", tls ? 6514 : 514, 1, 65535), tls, caFile,
                        queueSize(key));
            }
        };
    }

    private int queueSize(String key) {
        return integer(key + ".queueSize", 10_000, 1, 10_000_000);
    }

    private Directory directory() {
        List<String> urls = urls();
        Directory.Balancing balancing = switch (text("directory.balancing", "failover").toLowerCase(Locale.ROOT)) {
            case "failover" -> Directory.Balancing.FAILOVER;
            case "roundrobin" -> Directory.Balancing.ROUND_ROBIN;
            case "fewestconnections" -> Directory.Balancing.FEWEST_CONNECTIONS;
            default -> throw error("directory.balancing", "must be failover, roundRobin or fewestConnections");
        };
        Duration retryAfter = duration("directory.retryAfter", "5s");
        if (retryAfter.toMillis() < 1000 || retryAfter.toMillis() % 1000 != 0) {
            throw error("directory.retryAfter", "must be whole seconds, at least 1s (the Retry-After header counts seconds)");
        }
        return new Directory(urls, text("directory.bindDn"), password(),
                integer("directory.poolSize", 10, 1, 1000), positive("directory.connectTimeout", "5s"),
                positive("directory.responseTimeout", "30s"), balancing, directoryTls(urls),
                positive("directory.healthCheckInterval", "30s"), retryAfter);
    }

    private List<String> urls() {
        Config node = config.get("directory.urls");
        List<String> urls = node.isList() ? node.asList(String.class).orElse(List.of())
                : optionalText("directory.urls").map(List::of).orElse(List.of());
        if (urls.isEmpty()) {
            throw error("directory.urls", "is required: one or more ldap:// or ldaps:// URLs");
        }
        for (String url : urls) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("ldap://") && !lower.startsWith("ldaps://")) {
                throw error("directory.urls", "'" + url + "' must start with ldap:// or ldaps://");
            }
        }
        // Every server of the set gets the same socket factory and TLS settings: a mix would send the bind password in
        // clear text to the ldap:// ones whenever the set fails over to them.
        if (urls.stream().map(u -> u.toLowerCase(Locale.ROOT).startsWith("ldaps://")).distinct().count() > 1) {
            throw error("directory.urls", "mixes ldap:// and ldaps:// URLs; use one scheme for all (ldap:// with startTls: true,"
                    + " or ldaps://)");
        }
        return urls;
    }

    /** LDAPS follows from the URLs, StartTLS from its key; the trust keys apply to either and to nothing else. */
    private Directory.Tls directoryTls(List<String> urls) {
        boolean ldaps = urls.getFirst().toLowerCase(Locale.ROOT).startsWith("ldaps://");
        boolean startTls = bool("directory.startTls", false);
        if (ldaps && startTls) {
            throw error("directory.startTls", "applies to ldap:// URLs; ldaps:// is TLS from the first byte already");
        }
        Directory.Tls.Mode mode = ldaps ? Directory.Tls.Mode.LDAPS : startTls ? Directory.Tls.Mode.START_TLS
                : Directory.Tls.Mode.NONE;
        Optional<Path> trustStore = optionalText("directory.trustStore").map(this::resolve);
        Optional<Secret> password = optionalSecret("directory", "trustStorePassword");
        boolean insecure = bool("directory.insecureSkipVerify", false);
        for (String key : List.of("trustStore", "insecureSkipVerify")) {
            if (mode == Directory.Tls.Mode.NONE && config.get("directory." + key).exists()) {
                throw error("directory." + key, "applies to ldaps:// URLs or startTls: true only");
            }
        }
        if (password.isPresent() && trustStore.isEmpty()) {
            throw error("directory", "a trust store password needs directory.trustStore");
        }
        if (insecure && trustStore.isPresent()) {
            throw error("directory.insecureSkipVerify", "contradicts directory.trustStore: a trust store is for checking the"
                    + " certificate, insecureSkipVerify checks nothing; remove one of them");
        }
        if (trustStore.isPresent() && !Files.isRegularFile(trustStore.get())) {
            throw error("directory.trustStore", trustStore.get() + " does not exist or is not a file");
        }
        return new Directory.Tls(mode, trustStore, password, insecure);
    }

    /** The bind password comes from exactly one of three places, never from the YAML itself (it ends up in backups). */
    private Secret password() {
        return secret("directory", "bindPassword");
    }

    /** A secret from exactly one of {@code <stem>File}, {@code <stem>Env}, {@code <stem>Credential} below {@code parent}. */
    private Secret secret(String parent, String stem) {
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
    private Optional<Secret> optionalSecret(String parent, String stem) {
        boolean given = Stream.of("File", "Env", "Credential").anyMatch(kind -> config.get(parent + "." + stem + kind).exists());
        return given ? Optional.of(secret(parent, stem)) : Optional.empty();
    }

    /** systemd LoadCredential= puts the file into $CREDENTIALS_DIRECTORY (systemd.exec(5), "Credentials"). */
    private Path credential(String key, String name) {
        String credentials = environment.get("CREDENTIALS_DIRECTORY");
        if (credentials == null) {
            throw error(key, "CREDENTIALS_DIRECTORY is not set: run under systemd with LoadCredential=" + name);
        }
        return Path.of(credentials, name);
    }

    private String text(String key) {
        return optionalText(key).orElseThrow(() -> error(key, "is required"));
    }

    private String text(String key, String defaultValue) {
        return optionalText(key).orElse(defaultValue);
    }

    private Optional<String> optionalText(String key) {
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

    private int integer(String key, int defaultValue, int min, int max) {
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

    private boolean bool(String key, boolean defaultValue) {
        return optionalText(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key, "must be true or false");
        }).orElse(defaultValue);
    }

    private Duration duration(String key, String defaultValue) {
        String text = text(key, defaultValue);
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw error(key, "must be a duration such as 500ms, 5s or 2m, not '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    private Duration positive(String key, String defaultValue) {
        Duration value = duration(key, defaultValue);
        if (value.isZero()) {
            throw error(key, "must be more than 0");
        }
        return value;
    }

    private Path path(String key) {
        Path path = resolve(text(key));
        if (!Files.isRegularFile(path)) {
            throw error(key, path + " does not exist or is not a file");
        }
        return path;
    }

    private Path resolve(String value) {
        Path path = Path.of(value);
        return path.isAbsolute() ? path : folder.resolve(path).normalize();
    }

    private ConfigException error(String key, String reason) {
        return new ConfigException(file, key, reason);
    }
}
