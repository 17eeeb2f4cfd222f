package org.scimbridge.bridge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
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

import org.scimbridge.bridge.config.BridgeConfig.Admin;
import org.scimbridge.bridge.config.BridgeConfig.Audit;
import org.scimbridge.bridge.config.BridgeConfig.Cap;
import org.scimbridge.bridge.config.BridgeConfig.Directory;
import org.scimbridge.bridge.config.BridgeConfig.GuardKind;
import org.scimbridge.bridge.config.BridgeConfig.KeystoreTls;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.config.BridgeConfig.PemTls;
import org.scimbridge.bridge.config.BridgeConfig.Protection;
import org.scimbridge.bridge.config.BridgeConfig.Rates;
import org.scimbridge.bridge.config.BridgeConfig.Safety;
import org.scimbridge.bridge.config.BridgeConfig.Secret;
import org.scimbridge.bridge.config.BridgeConfig.Server;
import org.scimbridge.bridge.config.BridgeConfig.Tls;
import org.scimbridge.bridge.config.BridgeConfig.TokenDirectory;
import org.scimbridge.bridge.config.BridgeConfig.Tokens;
import org.scimbridge.mapping.config.ConfigException;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * Reads the bridge YAML through helidon-config. Unknown keys, missing keys and bad values stop start-up with the file,
 * the key and the reason. Relative paths are resolved against the config file's folder.
 */
public final class BridgeConfigLoader {

    private static final Map<String, Set<String>> KNOWN = Map.of(
            "", Set.of("server", "directory", "mapping", "tokens", "audit", "limits", "paging", "admin", "guards", "protected",
                    "dryRun"),
            "admin", Set.of("host", "port", "credentialSha256", "sessionIdle"),
            "guards", Set.of("stateFile", "deactivations", "deletes", "memberRemovals"),
            "protected", Set.of("dns", "subtrees", "groups"),
            "paging", Set.of("strategy", "maxScan", "snapshotTtl", "scanPageSize"),
            "server", Set.of("host", "port", "publicUrl", "shutdownGrace", "tls"),
            "server.tls", Set.of("certificate", "privateKey", "privateKeyCredential", "keystore", "keystorePasswordFile",
                    "keystorePasswordEnv", "keystorePasswordCredential"),
            "directory", Set.of("urls", "bindDn", "bindPasswordFile", "bindPasswordEnv", "bindPasswordCredential", "poolSize",
                    "connectTimeout", "responseTimeout", "balancing", "healthCheckInterval", "retryAfter", "startTls",
                    "trustStore", "trustStorePasswordFile", "trustStorePasswordEnv", "trustStorePasswordCredential",
                    "insecureSkipVerify"),
            "audit", Set.of("file", "stdout", "sinks", "failClosed", "hashChain"),
            "limits", Set.of("maxPayloadBytes", "maxResults", "bulkMaxOperations", "bulkMaxPayloadBytes", "maxPatchOperations",
                    "requestsPerSecond", "burst", "authFailures", "authFailureWindow"));
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Set<String> TOKEN_KEYS = Set.of("file", "rotationOverlap", "lastUsedFile", "lastUsedFlush",
            "directoryBase", "directoryRefresh");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

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

    /**
     * Only the guards, protected entries and dry-run of a bridge config, for {@code scim-bridge guard}: the operator
     * running it needs no bind password, token file or mapping.
     */
    public static Safety loadSafety(Path path) {
        BridgeConfigLoader loader = new BridgeConfigLoader(path, Map.of());
        loader.rejectUnknown("guards", KNOWN.get("guards"));
        loader.rejectUnknown("protected", KNOWN.get("protected"));
        return loader.safety();
    }

    private BridgeConfig read() {
        KNOWN.forEach(this::rejectUnknown);
        Server server = new Server(text("server.host", "127.0.0.1"), integer("server.port", 8080, 0, 65535),
                optionalText("server.publicUrl").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u),
                duration("server.shutdownGrace", "10s"), tls());
        Directory directory = directory();
        Path mappingPath = path("mapping");
        MappingConfig mapping = MappingLoader.load(mappingPath);
        Tokens tokens = tokens();
        Audit audit = new Audit(auditSinks(), bool("audit.failClosed", false), bool("audit.hashChain", false));
        Rates rates = Rates.defaults();
        Limits limits = new Limits(integer("limits.maxPayloadBytes", 1_048_576, 1024, Integer.MAX_VALUE),
                integer("limits.maxResults", 1000, 1, 100_000),
                integer("limits.bulkMaxOperations", Limits.DEFAULT_BULK_MAX_OPERATIONS, 1, 100_000),
                integer("limits.bulkMaxPayloadBytes", (int) Limits.DEFAULT_BULK_MAX_PAYLOAD_BYTES, 1024, Integer.MAX_VALUE),
                integer("limits.maxPatchOperations", Limits.DEFAULT_MAX_PATCH_OPERATIONS, 1, 100_000),
                new Rates(decimal("limits.requestsPerSecond", rates.requestsPerSecond(), 1_000_000),
                        integer("limits.burst", rates.burst(), 1, 1_000_000),
                        integer("limits.authFailures", rates.authFailures(), 0, 1_000_000),
                        duration("limits.authFailureWindow", "1m")));
        Paging defaults = Paging.defaults();
        Paging paging = new Paging(switch (text("paging.strategy", "auto").toLowerCase(Locale.ROOT)) {
            case "auto" -> Paging.Strategy.AUTO;
            case "vlv" -> Paging.Strategy.VLV;
            case "snapshot" -> Paging.Strategy.SNAPSHOT;
            default -> throw error("paging.strategy", "must be auto, vlv or snapshot");
        }, integer("paging.maxScan", defaults.maxScan(), 1, 10_000_000), duration("paging.snapshotTtl", "60s"),
                integer("paging.scanPageSize", defaults.scanPageSize(), 10, 100_000));
        return new BridgeConfig(server, directory, mapping, tokens, audit, limits, paging, admin(), safety());
    }

    /** The {@code tokens} section alone, for {@code scim-bridge token}: it needs neither the directory nor its password. */
    public static Tokens tokens(Path path) {
        return new BridgeConfigLoader(path, Map.of()).tokens();
    }

    /** {@code tokens: FILE}, the form before rotation existed, or {@code tokens: {file: FILE, ...}}. */
    private Tokens tokens() {
        if (!config.get("tokens").isObject()) {
            Path file = path("tokens");
            return new Tokens(Optional.of(file), Duration.ofHours(24), file.resolveSibling(file.getFileName() + ".last-used"),
                    Duration.ofSeconds(60), Optional.empty());
        }
        rejectUnknown("tokens", TOKEN_KEYS);
        Optional<TokenDirectory> directory = optionalText("tokens.directoryBase").map(base -> {
            if (!DN.isValidDN(base)) {
                throw error("tokens.directoryBase", "'" + base + "' is not a valid DN");
            }
            return new TokenDirectory(base, duration("tokens.directoryRefresh", "5s"));
        });
        if (directory.isPresent() == config.get("tokens.file").exists()) {
            throw error("tokens", "set exactly one of file (a token file) and directoryBase (tokens in the directory)");
        }
        Optional<Path> file = directory.isPresent() ? Optional.empty() : Optional.of(path("tokens.file"));
        Path lastUsed = optionalText("tokens.lastUsedFile").map(this::resolve)
                .orElse(file.map(f -> f.resolveSibling(f.getFileName() + ".last-used"))
                        .orElse(folder.resolve("tokens-last-used.yaml")));
        return new Tokens(file, duration("tokens.rotationOverlap", "24h"), lastUsed, duration("tokens.lastUsedFlush", "60s"),
                directory);
    }

    private Optional<Admin> admin() {
        if (!config.get("admin").exists()) {
            return Optional.empty();
        }
        String hash = text("admin.credentialSha256");
        if (!HEX_SHA256.matcher(hash).matches()) {
            throw error("admin.credentialSha256", "must be 64 hex digits: the SHA-256 of the admin secret"
                    + " (scim-bridge token admin-secret prints a new one)");
        }
        return Optional.of(new Admin(text("admin.host", "127.0.0.1"), integer("admin.port", 8081, 0, 65535),
                HexFormat.of().parseHex(hash), duration("admin.sessionIdle", "15m")));
    }

    private Safety safety() {
        Map<GuardKind, Cap> caps = new EnumMap<>(GuardKind.class);
        for (GuardKind kind : GuardKind.values()) {
            String key = "guards." + kind.key();
            if (!config.get(key).exists()) {
                continue;
            }
            rejectUnknown(key, Set.of("max", "window", "reset"));
            Cap.Reset reset = switch (text(key + ".reset", "manual").toLowerCase(Locale.ROOT)) {
                case "manual" -> Cap.Reset.MANUAL;
                case "window" -> Cap.Reset.WINDOW;
                default -> throw error(key + ".reset", "must be manual or window");
            };
            if (!config.get(key + ".max").exists()) {
                throw error(key + ".max", "is required: how many " + kind.key() + " the window allows");
            }
            Duration window = duration(key + ".window", "10m");
            if (window.isZero()) {
                throw error(key + ".window", "must be longer than zero");
            }
            caps.put(kind, new Cap(integer(key + ".max", 0, 0, 10_000_000), window, reset));
        }
        Path stateFile = optionalText("guards.stateFile").map(this::resolve).orElse(Safety.NONE.stateFile());
        Protection protection = new Protection(dns("protected.dns"), dns("protected.subtrees"), list("protected.groups"));
        return new Safety(caps, stateFile, protection, bool("dryRun", false));
    }

    private List<DN> dns(String key) {
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

    private List<String> list(String key) {
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

    /**
     * HTTPS: a PEM certificate chain and key (the key possibly a systemd credential), or a PKCS#12 key store whose
     * password, like the bind password, never sits in the YAML.
     */
    private Optional<Tls> tls() {
        if (!config.get("server.tls").exists()) {
            return Optional.empty();
        }
        Optional<String> keystore = optionalText("server.tls.keystore");
        Optional<String> certificate = optionalText("server.tls.certificate");
        if (keystore.isPresent() == certificate.isPresent()) {
            throw error("server.tls", "set either certificate and privateKey (PEM) or keystore (PKCS#12)");
        }
        if (keystore.isPresent()) {
            return Optional.of(new KeystoreTls(path("server.tls.keystore"), secret("server.tls", "keystorePassword")));
        }
        Optional<String> keyFile = optionalText("server.tls.privateKey");
        Optional<String> keyCredential = optionalText("server.tls.privateKeyCredential");
        if (keyFile.isPresent() == keyCredential.isPresent()) {
            throw error("server.tls", "set exactly one of privateKey, privateKeyCredential");
        }
        Path key = keyFile.isPresent() ? path("server.tls.privateKey")
                : credential("server.tls.privateKeyCredential", keyCredential.get());
        if (!Files.isReadable(key)) {
            throw error(keyFile.isPresent() ? "server.tls.privateKey" : "server.tls.privateKeyCredential", "cannot read " + key);
        }
        return Optional.of(new PemTls(path("server.tls.certificate"), key));
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

    /** A non-negative decimal such as 0.5 or 20. */
    private double decimal(String key, double defaultValue, double max) {
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
