package org.scimbridge.bridge.config;

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
import java.util.regex.Pattern;

import com.unboundid.ldap.sdk.DN;

import io.helidon.config.Config;

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
import org.scimbridge.bridge.config.BridgeConfig.Journal;
import org.scimbridge.bridge.config.BridgeConfig.Rates;
import org.scimbridge.bridge.config.BridgeConfig.Safety;
import org.scimbridge.bridge.config.BridgeConfig.Secret;
import org.scimbridge.bridge.config.BridgeConfig.Server;
import org.scimbridge.bridge.config.BridgeConfig.Tls;
import org.scimbridge.bridge.config.BridgeConfig.TokenDirectory;
import org.scimbridge.bridge.config.BridgeConfig.Tokens;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * Reads the bridge YAML through helidon-config. Unknown keys, missing keys and bad values stop start-up with the file,
 * the key and the reason. Relative paths are resolved against the config file's folder.
 */
public final class BridgeConfigLoader {

    private static final Map<String, Set<String>> KNOWN = Map.of(
            "", Set.of("server", "directory", "mapping", "tokens", "audit", "limits", "paging", "admin", "guards", "protected",
                    "dryRun", "journal"),
            "admin", Set.of("host", "port", "credentialSha256", "sessionIdle"),
            "guards", Set.of("stateFile", "deactivations", "deletes", "memberRemovals"),
            "protected", Set.of("dns", "subtrees", "groups"),
            "paging", Set.of("strategy", "maxScan", "snapshotTtl", "scanPageSize", "sortedCursors", "maxCursors"),
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
    private static final Set<String> TOKEN_KEYS = Set.of("file", "rotationOverlap", "lastUsedFile", "lastUsedFlush",
            "directoryBase", "directoryRefresh");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final ConfigReader in;

    private BridgeConfigLoader(Path path, Map<String, String> environment) {
        this.in = new ConfigReader(path, environment);
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
        loader.in.rejectUnknown("guards", KNOWN.get("guards"));
        loader.in.rejectUnknown("protected", KNOWN.get("protected"));
        return loader.safety();
    }

    private BridgeConfig read() {
        KNOWN.forEach(in::rejectUnknown);
        Server server = new Server(in.text("server.host", "127.0.0.1"), in.integer("server.port", 8080, 0, 65535),
                in.optionalText("server.publicUrl").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u),
                in.duration("server.shutdownGrace", "10s"), tls());
        Directory directory = directory();
        Path mappingPath = in.path("mapping");
        MappingConfig mapping = MappingLoader.load(mappingPath);
        Tokens tokens = tokens();
        Audit audit = new Audit(auditSinks(), in.bool("audit.failClosed", false), in.bool("audit.hashChain", false));
        Rates rates = Rates.defaults();
        Limits limits = new Limits(in.integer("limits.maxPayloadBytes", 1_048_576, 1024, Integer.MAX_VALUE),
                in.integer("limits.maxResults", 1000, 1, 100_000),
                in.integer("limits.bulkMaxOperations", Limits.DEFAULT_BULK_MAX_OPERATIONS, 1, 100_000),
                in.integer("limits.bulkMaxPayloadBytes", (int) Limits.DEFAULT_BULK_MAX_PAYLOAD_BYTES, 1024, Integer.MAX_VALUE),
                in.integer("limits.maxPatchOperations", Limits.DEFAULT_MAX_PATCH_OPERATIONS, 1, 100_000),
                new Rates(in.decimal("limits.requestsPerSecond", rates.requestsPerSecond(), 1_000_000),
                        in.integer("limits.burst", rates.burst(), 1, 1_000_000),
                        in.integer("limits.authFailures", rates.authFailures(), 0, 1_000_000),
                        in.duration("limits.authFailureWindow", "1m")));
        Paging defaults = Paging.defaults();
        Paging paging = new Paging(switch (in.text("paging.strategy", "auto").toLowerCase(Locale.ROOT)) {
            case "auto" -> Paging.Strategy.AUTO;
            case "vlv" -> Paging.Strategy.VLV;
            case "snapshot" -> Paging.Strategy.SNAPSHOT;
            default -> throw in.error("paging.strategy", "must be auto, vlv or snapshot");
        }, in.integer("paging.maxScan", defaults.maxScan(), 1, 10_000_000), in.duration("paging.snapshotTtl", "60s"),
                in.integer("paging.scanPageSize", defaults.scanPageSize(), 10, 100_000),
                in.bool("paging.sortedCursors", false),
                // A quarter of the pool by default: what the cursors could take from it before they had their own.
                in.integer("paging.maxCursors", directory.poolSize() / 4, 0, 1000));
        Safety safety = safety();
        in.rejectUnknown("journal", Set.of("file", "retryMax"));
        Journal journal = new Journal(in.optionalText("journal.file").map(in::resolve).orElse(Journal.beside(safety).file()),
                in.duration("journal.retryMax", "30s"));
        if (journal.retryMax().isZero()) {
            throw in.error("journal.retryMax", "must be longer than zero");
        }
        return new BridgeConfig(server, directory, mapping, tokens, audit, limits, paging, admin(), safety, journal);
    }

    /** The {@code tokens} section alone, for {@code scim-bridge token}: it needs neither the directory nor its password. */
    public static Tokens tokens(Path path) {
        return new BridgeConfigLoader(path, Map.of()).tokens();
    }

    /** {@code tokens: FILE}, the form before rotation existed, or {@code tokens: {file: FILE, ...}}. */
    private Tokens tokens() {
        if (!in.node("tokens").isObject()) {
            Path file = in.path("tokens");
            return new Tokens(Optional.of(file), Duration.ofHours(24), file.resolveSibling(file.getFileName() + ".last-used"),
                    Duration.ofSeconds(60), Optional.empty());
        }
        in.rejectUnknown("tokens", TOKEN_KEYS);
        Optional<TokenDirectory> directory = in.optionalText("tokens.directoryBase").map(base -> {
            if (!DN.isValidDN(base)) {
                throw in.error("tokens.directoryBase", "'" + base + "' is not a valid DN");
            }
            return new TokenDirectory(base, in.duration("tokens.directoryRefresh", "5s"));
        });
        if (directory.isPresent() == in.node("tokens.file").exists()) {
            throw in.error("tokens", "set exactly one of file (a token file) and directoryBase (tokens in the directory)");
        }
        Optional<Path> file = directory.isPresent() ? Optional.empty() : Optional.of(in.path("tokens.file"));
        Path lastUsed = in.optionalText("tokens.lastUsedFile").map(in::resolve)
                .orElse(file.map(f -> f.resolveSibling(f.getFileName() + ".last-used"))
                        .orElse(in.resolve("tokens-last-used.yaml")));
        return new Tokens(file, in.duration("tokens.rotationOverlap", "24h"), lastUsed, in.duration("tokens.lastUsedFlush", "60s"),
                directory);
    }

    private Optional<Admin> admin() {
        if (!in.node("admin").exists()) {
            return Optional.empty();
        }
        String hash = in.text("admin.credentialSha256");
        if (!HEX_SHA256.matcher(hash).matches()) {
            throw in.error("admin.credentialSha256", "must be 64 hex digits: the SHA-256 of the admin secret"
                    + " (scim-bridge token admin-secret prints a new one)");
        }
        return Optional.of(new Admin(in.text("admin.host", "127.0.0.1"), in.integer("admin.port", 8081, 0, 65535),
                HexFormat.of().parseHex(hash), in.duration("admin.sessionIdle", "15m")));
    }

    private Safety safety() {
        Map<GuardKind, Cap> caps = new EnumMap<>(GuardKind.class);
        for (GuardKind kind : GuardKind.values()) {
            String key = "guards." + kind.key();
            if (!in.node(key).exists()) {
                continue;
            }
            in.rejectUnknown(key, Set.of("max", "window", "reset"));
            Cap.Reset reset = switch (in.text(key + ".reset", "manual").toLowerCase(Locale.ROOT)) {
                case "manual" -> Cap.Reset.MANUAL;
                case "window" -> Cap.Reset.WINDOW;
                default -> throw in.error(key + ".reset", "must be manual or window");
            };
            if (!in.node(key + ".max").exists()) {
                throw in.error(key + ".max", "is required: how many " + kind.key() + " the window allows");
            }
            Duration window = in.duration(key + ".window", "10m");
            if (window.isZero()) {
                throw in.error(key + ".window", "must be longer than zero");
            }
            caps.put(kind, new Cap(in.integer(key + ".max", 0, 0, 10_000_000), window, reset));
        }
        Path stateFile = in.optionalText("guards.stateFile").map(in::resolve).orElse(Safety.NONE.stateFile());
        Protection protection = new Protection(in.dns("protected.dns"), in.dns("protected.subtrees"), in.list("protected.groups"));
        return new Safety(caps, stateFile, protection, in.bool("dryRun", false));
    }

    /** {@code audit.file} and {@code audit.stdout} are shorthands for the first two kinds of {@code audit.sinks}. */
    private List<Audit.Sink> auditSinks() {
        List<Audit.Sink> sinks = new ArrayList<>();
        in.optionalText("audit.file").map(in::resolve).map(Audit.FileSink::new).ifPresent(sinks::add);
        if (in.bool("audit.stdout", false)) {
            sinks.add(new Audit.StdoutSink());
        }
        Config list = in.node("audit.sinks");
        if (list.exists() && !list.isList()) {
            throw in.error("audit.sinks", "must be a list of sinks, each with a type: file, stdout, udp or tcp");
        }
        int count = list.exists() ? list.asNodeList().get().size() : 0;
        for (int i = 0; i < count; i++) {
            sinks.add(auditSink("audit.sinks." + i));
        }
        return sinks;
    }

    private Audit.Sink auditSink(String key) {
        String type = in.text(key + ".type").toLowerCase(Locale.ROOT);
        Set<String> known = switch (type) {
            case "file" -> Set.of("type", "path");
            case "stdout" -> Set.of("type");
            case "udp" -> Set.of("type", "host", "port", "queueSize");
            case "tcp" -> Set.of("type", "host", "port", "queueSize", "tls", "caFile");
            default -> throw in.error(key + ".type", "must be file, stdout, udp or tcp, not '" + type + "'");
        };
        in.rejectUnknown(key, known);
        return switch (type) {
            case "file" -> new Audit.FileSink(in.resolve(in.text(key + ".path")));
            case "stdout" -> new Audit.StdoutSink();
            case "udp" -> new Audit.UdpSink(in.text(key + ".host"), in.integer(key + ".port", 514, 1, 65535), queueSize(key));
            default -> {
                boolean tls = in.bool(key + ".tls", false);
                Optional<Path> caFile = in.optionalText(key + ".caFile").map(in::resolve);
                if (caFile.isPresent() && !tls) {
                    throw in.error(key + ".caFile", "applies to tls: true only");
                }
                if (caFile.isPresent() && !Files.isRegularFile(caFile.get())) {
                    throw in.error(key + ".caFile", caFile.get() + " does not exist or is not a file");
                }
                // RFC 6587 has no assigned port for plain TCP (514 by custom); RFC 5425 section 4.1 assigns 6514 to TLS.
                yield new Audit.TcpSink(in.text(key + ".host"), in.integer(key + ".port", tls ? 6514 : 514, 1, 65535), tls, caFile,
                        queueSize(key));
            }
        };
    }

    private int queueSize(String key) {
        return in.integer(key + ".queueSize", 10_000, 1, 10_000_000);
    }

    private Directory directory() {
        List<String> urls = urls();
        Directory.Balancing balancing = switch (in.text("directory.balancing", "failover").toLowerCase(Locale.ROOT)) {
            case "failover" -> Directory.Balancing.FAILOVER;
            case "roundrobin" -> Directory.Balancing.ROUND_ROBIN;
            case "fewestconnections" -> Directory.Balancing.FEWEST_CONNECTIONS;
            default -> throw in.error("directory.balancing", "must be failover, roundRobin or fewestConnections");
        };
        Duration retryAfter = in.duration("directory.retryAfter", "5s");
        if (retryAfter.toMillis() < 1000 || retryAfter.toMillis() % 1000 != 0) {
            throw in.error("directory.retryAfter", "must be whole seconds, at least 1s (the Retry-After header counts seconds)");
        }
        return new Directory(urls, in.text("directory.bindDn"), password(),
                in.integer("directory.poolSize", 10, 1, 1000), in.positive("directory.connectTimeout", "5s"),
                in.positive("directory.responseTimeout", "30s"), balancing, directoryTls(urls),
                in.positive("directory.healthCheckInterval", "30s"), retryAfter);
    }

    private List<String> urls() {
        Config node = in.node("directory.urls");
        List<String> urls = node.isList() ? node.asList(String.class).orElse(List.of())
                : in.optionalText("directory.urls").map(List::of).orElse(List.of());
        if (urls.isEmpty()) {
            throw in.error("directory.urls", "is required: one or more ldap:// or ldaps:// URLs");
        }
        for (String url : urls) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("ldap://") && !lower.startsWith("ldaps://")) {
                throw in.error("directory.urls", "'" + url + "' must start with ldap:// or ldaps://");
            }
        }
        // Every server of the set gets the same socket factory and TLS settings: a mix would send the bind password in
        // clear text to the ldap:// ones whenever the set fails over to them.
        if (urls.stream().map(u -> u.toLowerCase(Locale.ROOT).startsWith("ldaps://")).distinct().count() > 1) {
            throw in.error("directory.urls", "mixes ldap:// and ldaps:// URLs; use one scheme for all (ldap:// with startTls: true,"
                    + " or ldaps://)");
        }
        return urls;
    }

    /**
     * HTTPS: a PEM certificate chain and key (the key possibly a systemd credential), or a PKCS#12 key store whose
     * password, like the bind password, never sits in the YAML.
     */
    private Optional<Tls> tls() {
        if (!in.node("server.tls").exists()) {
            return Optional.empty();
        }
        Optional<String> keystore = in.optionalText("server.tls.keystore");
        Optional<String> certificate = in.optionalText("server.tls.certificate");
        if (keystore.isPresent() == certificate.isPresent()) {
            throw in.error("server.tls", "set either certificate and privateKey (PEM) or keystore (PKCS#12)");
        }
        if (keystore.isPresent()) {
            return Optional.of(new KeystoreTls(in.path("server.tls.keystore"), in.secret("server.tls", "keystorePassword")));
        }
        Optional<String> keyFile = in.optionalText("server.tls.privateKey");
        Optional<String> keyCredential = in.optionalText("server.tls.privateKeyCredential");
        if (keyFile.isPresent() == keyCredential.isPresent()) {
            throw in.error("server.tls", "set exactly one of privateKey, privateKeyCredential");
        }
        Path key = keyFile.isPresent() ? in.path("server.tls.privateKey")
                : in.credential("server.tls.privateKeyCredential", keyCredential.get());
        if (!Files.isReadable(key)) {
            throw in.error(keyFile.isPresent() ? "server.tls.privateKey" : "server.tls.privateKeyCredential", "cannot read " + key);
        }
        return Optional.of(new PemTls(in.path("server.tls.certificate"), key));
    }

    /** LDAPS follows from the URLs, StartTLS from its key; the trust keys apply to either and to nothing else. */
    private Directory.Tls directoryTls(List<String> urls) {
        boolean ldaps = urls.getFirst().toLowerCase(Locale.ROOT).startsWith("ldaps://");
        boolean startTls = in.bool("directory.startTls", false);
        if (ldaps && startTls) {
            throw in.error("directory.startTls", "applies to ldap:// URLs; ldaps:// is TLS from the first byte already");
        }
        Directory.Tls.Mode mode = ldaps ? Directory.Tls.Mode.LDAPS : startTls ? Directory.Tls.Mode.START_TLS
                : Directory.Tls.Mode.NONE;
        Optional<Path> trustStore = in.optionalText("directory.trustStore").map(in::resolve);
        Optional<Secret> password = in.optionalSecret("directory", "trustStorePassword");
        boolean insecure = in.bool("directory.insecureSkipVerify", false);
        for (String key : List.of("trustStore", "insecureSkipVerify")) {
            if (mode == Directory.Tls.Mode.NONE && in.node("directory." + key).exists()) {
                throw in.error("directory." + key, "applies to ldaps:// URLs or startTls: true only");
            }
        }
        if (password.isPresent() && trustStore.isEmpty()) {
            throw in.error("directory", "a trust store password needs directory.trustStore");
        }
        if (insecure && trustStore.isPresent()) {
            throw in.error("directory.insecureSkipVerify", "contradicts directory.trustStore: a trust store is for checking the"
                    + " certificate, insecureSkipVerify checks nothing; remove one of them");
        }
        if (trustStore.isPresent() && !Files.isRegularFile(trustStore.get())) {
            throw in.error("directory.trustStore", trustStore.get() + " does not exist or is not a file");
        }
        return new Directory.Tls(mode, trustStore, password, insecure);
    }

    /** The bind password comes from exactly one of three places, never from the YAML itself (it ends up in backups). */
    private Secret password() {
        return in.secret("directory", "bindPassword");
    }

}
