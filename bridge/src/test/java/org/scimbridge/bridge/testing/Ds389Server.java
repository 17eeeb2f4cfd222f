package org.scimbridge.bridge.testing;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllSSLSocketVerifier;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway, real 389 Directory Server for integration tests, started without systemd.
 *
 * <p>How: everything of an instance lives in one temp folder, used as an installation prefix the
 * way {@code dscreate ds-root} does it for non-root users (that command itself refuses root):
 * <ol>
 *   <li>{@code <dir>/share/dirsrv/inf/defaults.inf} is the package's {@code defaults.inf} with
 *       {@code with_systemd = 0} and every instance path (config, db, logs, run, lock, ldapi
 *       socket) moved below {@code <dir>}; binaries, plugins and the system schema stay in /usr.
 *       {@code <dir>/etc/dirsrv/{config,schema}} are copies of /etc/dirsrv's.</li>
 *   <li>{@code PREFIX=<dir> dscreate from-file <dir>/setup.inf} creates the instance (the INF's
 *       {@code systemd = False} alone is not enough: lib389 still runs {@code systemctl start}
 *       unless the defaults say {@code with_systemd = 0}). It starts and stops the server itself
 *       ({@code start = False}); the backend for {@value #BASE_DN} is created empty (no
 *       {@code create_suffix_entry} line at all: lib389 reads its value as a string, so even
 *       {@code False} would create the base entry).</li>
 *   <li>{@code dse.ldif} gets {@code nsslapd-listenhost}/{@code nsslapd-securelistenhost}
 *       127.0.0.1 (else it listens on all interfaces), then {@code ns-slapd -D <config> -i <pid>
 *       -d 266354688} runs in the foreground as a child of the JVM ({@code -d} keeps it from
 *       detaching; this level logs the errors log's normal lines to the console too, whereas
 *       {@code -d 0} logs nothing at all, not even a failed bind of the port).</li>
 *   <li>The base entry (with ACIs: anybody may read all but userPassword, a user may write their
 *       own userPassword), {@code ou=people} and {@code ou=groups} are added after every start.</li>
 * </ol>
 * Nothing is written outside the temp folder but the server's stats semaphore
 * {@code /dev/shm/sem.slapd-<name>.stats}; stopping kills the process and deletes both.
 *
 * <p>Facts found on Debian 12's 389-ds-base 2.3.1:
 * <ul>
 *   <li>Every entry has {@code nsUniqueId} (e.g. {@code 7808f88b-ec6211f1-b43d8bad-3d0e004d});
 *       entries added over LDAP also get {@code entryUUID} (entryuuid plugin).</li>
 *   <li>{@code nsAccountLock: true} makes a simple bind fail with unwillingToPerform (53),
 *       "Account inactivated. Contact system administrator." (also with a wrong password);
 *       removing the attribute makes the bind work again.</li>
 *   <li>The root DSE lists paged results, server-side sort, VLV, pre-read and post-read, but
 *       <em>not</em> the assertion control (1.3.6.1.1.12): sent critical it fails the operation
 *       with unavailableCriticalExtension (12); sent non-critical it is ignored and the
 *       operation is applied even when the assertion is false.</li>
 *   <li>Password modify (1.3.6.1.4.1.4203.1.11.1) is listed but refused on a plain connection
 *       with confidentialityRequired (13) "Operation requires a secure connection"; it works
 *       after StartTLS or over LDAPS (or LDAPI), hence {@link Options#tls()} (default on) and
 *       {@link #connectStartTls()}. A plain modify of {@code userPassword} works without TLS
 *       (the server hashes it, PBKDF2-SHA512).</li>
 *   <li>The admin is {@value #ADMIN_DN}, which ACIs and size limits do not apply to.</li>
 * </ul>
 *
 * <p>389-ds missing is an error, never a skip: a skipped suite would look green without LDAP.
 */
public final class Ds389Server implements ScratchDirectory {

    public static final String BASE_DN = "dc=example,dc=com";
    public static final String ADMIN_DN = "cn=Directory Manager";
    public static final String PEOPLE_DN = "ou=people," + BASE_DN;
    public static final String GROUPS_DN = "ou=groups," + BASE_DN;
    private static final String HOST = "127.0.0.1";
    private static final Path DSCREATE = Path.of("/usr/sbin/dscreate");
    private static final Path NS_SLAPD = Path.of("/usr/sbin/ns-slapd");
    private static final Path DEFAULTS_INF = Path.of("/usr/share/dirsrv/inf/defaults.inf");
    private static final Path ETC_DIRSRV = Path.of("/etc/dirsrv");
    private static final String INSTALL_HINT = "the 389-ds integration tests need 389 Directory Server:"
            + " apt-get install --no-install-recommends 389-ds-base";
    /** Error log levels of the console and the errors log while in the foreground (see class doc). */
    private static final String LOG_LEVEL = "266354688";
    /** A unix socket path must fit sockaddr_un.sun_path (108 bytes with the NUL). */
    private static final int MAX_SOCKET_PATH = 107;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private static final String BASE_LDIF = """
            dn: dc=example,dc=com
            objectClass: top
            objectClass: domain
            dc: example
            aci: (targetattr != "userPassword")(version 3.0; acl "tests: anybody may read"; allow (read, search, compare) userdn = "ldap:///anyone";)
            aci: (targetattr = "userPassword")(version 3.0; acl "tests: own password"; allow (write) userdn = "ldap:///self";)

            dn: ou=people,dc=example,dc=com
            objectClass: top
            objectClass: organizationalUnit
            ou: people

            dn: ou=groups,dc=example,dc=com
            objectClass: top
            objectClass: organizationalUnit
            ou: groups
            """;

    private static Ds389Server shared;

    /**
     * Start-up options, e.g. {@code Options.defaults().tls(false)}.
     *
     * @param tls a self-signed certificate (dscreate's {@code self_sign_cert}): LDAPS on
     *            {@link #securePort()} and StartTLS on {@link #port()}; needed for password
     *            modify. Costs about 5 s at creation (two 4096-bit RSA keys). Default on.
     */
    public record Options(boolean tls) {
        public static Options defaults() { return new Options(true); }
        public Options tls(boolean on) { return new Options(on); }
    }

    private final Path directory;
    private final String instanceName;
    private final String adminPassword;
    private final boolean tls;
    private final Process process;
    private final int port;
    private final int securePort;
    private final boolean isShared;
    private final long createMillis;
    private final long startMillis;
    private final AtomicBoolean stopped = new AtomicBoolean();
    // Registered for private instances too, so one a test forgot to close dies with the JVM.
    private final Thread hook = new Thread(this::stop, "ds389-stop");

    private Ds389Server(Instance instance, Process process, int port, int securePort, boolean isShared,
                        long createMillis, long startMillis) {
        this.directory = instance.directory;
        this.instanceName = instance.name;
        this.adminPassword = instance.password;
        this.tls = instance.tls;
        this.process = process;
        this.port = port;
        this.securePort = securePort;
        this.isShared = isShared;
        this.createMillis = createMillis;
        this.startMillis = startMillis;
    }

    /** The one instance of this JVM (default options), started on first use, stopped at exit. */
    public static synchronized Ds389Server shared() {
        // A synchronized field, not a holder class: a failed start is retried with its real
        // message instead of becoming NoClassDefFoundError for every later test.
        if (shared == null) {
            shared = launch(Options.defaults(), true);
        }
        return shared;
    }

    /** A private instance; close it when done. */
    public static Ds389Server start(Options options) {
        return launch(options, false);
    }

    public String host() { return HOST; }
    public int port() { return port; }
    /** The LDAPS port; it listens only with {@link Options#tls()}. */
    public int securePort() { return securePort; }
    public String url() { return "ldap://" + HOST + ":" + port; }
    /** {@code ldaps://...}; only with {@link Options#tls()}. */
    public String ldapsUrl() {
        requireTls();
        return "ldaps://" + HOST + ":" + securePort;
    }
    public String baseDn() { return BASE_DN; }
    public String adminDn() { return ADMIN_DN; }
    public String adminPassword() { return adminPassword; }
    public Path directory() { return directory; }
    /** The dscreate instance name, unique per JVM: {@code scim<pid>_<n>}. */
    public String instanceName() { return instanceName; }
    public boolean tls() { return tls; }
    /** How long dscreate took for this instance, and the foreground start until the admin could bind. */
    public long createMillis() { return createMillis; }
    public long startMillis() { return startMillis; }

    /** PEM of the CA that signed the server certificate (CN and SAN {@code localhost}). */
    public Path caCertificate() {
        requireTls();
        return configDir(directory, instanceName).resolve("ca.crt");
    }

    /** The server's errors log (the access log is beside it). */
    public Path errorsLog() {
        return logDir(directory, instanceName).resolve("errors");
    }

    /** A new plain connection bound as the admin; the caller closes it. */
    public LDAPConnection connect() throws LDAPException {
        return connect(ADMIN_DN, adminPassword);
    }

    /** A new plain connection bound as {@code dn}; fails with the bind's result. */
    public LDAPConnection connect(String dn, String password) throws LDAPException {
        return new LDAPConnection(options(), HOST, port, dn, password);
    }

    /** A new connection secured with StartTLS (trusting {@link #caCertificate()}), bound as the admin. */
    public LDAPConnection connectStartTls() throws LDAPException {
        return connectStartTls(ADMIN_DN, adminPassword);
    }

    /** A new connection secured with StartTLS, then bound as {@code dn}. */
    public LDAPConnection connectStartTls(String dn, String password) throws LDAPException {
        LDAPConnection connection = new LDAPConnection(options(), HOST, port);
        try {
            ExtendedResult result = connection.processExtendedOperation(new StartTLSExtendedRequest(sslContext()));
            if (result.getResultCode() != ResultCode.SUCCESS) {
                throw new LDAPException(result);
            }
            connection.bind(dn, password);
            return connection;
        } catch (LDAPException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public List<String> dataContainers() { return List.of(PEOPLE_DN, GROUPS_DN); }

    /** Stops a private instance and deletes its folder; a no-op on {@link #shared()}. */
    @Override
    public void close() {
        if (isShared) {
            return; // a test's try-with-resources must not stop the server the others use
        }
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; stop() is idempotent
        }
    }

    @Override
    public String toString() {
        return "389-ds " + instanceName + " on " + url() + (tls ? " (TLS)" : "") + " in " + directory
                + ", created in " + createMillis + " ms, started in " + startMillis + " ms";
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        // SIGKILL at once: a clean stop (SIGTERM) waits ~2.5 s for the BDB threads, and the
        // database is deleted right after anyway. The BDB environment is in the folder too (not
        // /dev/shm); only the stats semaphore, which a clean stop would unlink, is outside.
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeSemaphore(instanceName);
        DirectoryFixtures.deleteTree(directory);
    }

    private LDAPConnectionOptions options() {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(2_000);
        // The certificate names localhost only; the chain is still checked against the CA.
        options.setSSLSocketVerifier(TrustAllSSLSocketVerifier.getInstance());
        return options;
    }

    private SSLContext sslContext() throws LDAPException {
        try {
            return new SSLUtil(new PEMFileTrustManager(caCertificate().toFile())).createSSLContext();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context for " + caCertificate() + ": " + e, e);
        }
    }

    private void requireTls() {
        if (!tls) {
            throw new IllegalStateException(instanceName + " was started without TLS (Options.tls(false))");
        }
    }

    // ---- creating and starting ---------------------------------------------------------------

    /** What dscreate made: the prefix folder and the instance in it. */
    private record Instance(Path directory, String name, String password, boolean tls) {}

    private static Ds389Server launch(Options options, boolean isShared) {
        if (!Files.isExecutable(DSCREATE) || !Files.isExecutable(NS_SLAPD) || !Files.isRegularFile(DEFAULTS_INF)
                || !Files.isDirectory(ETC_DIRSRV.resolve("schema"))) {
            throw new IllegalStateException(DSCREATE + ", " + NS_SLAPD + " or " + DEFAULTS_INF + " missing: "
                    + INSTALL_HINT);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ds389-");
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            preparePrefix(dir);

            long t0 = System.nanoTime();
            Instance instance = null;
            int[] ports = null;
            // dscreate starts the server on the ports it is given; one probed free can be taken
            // before then, hence up to three attempts, each with a new instance name.
            for (int attempt = 1; instance == null; attempt++) {
                ports = freePorts();
                String name = "scim" + ProcessHandle.current().pid() + "_" + INSTANCES.incrementAndGet();
                try {
                    instance = create(dir, name, password, options.tls(), ports);
                } catch (IOException e) {
                    if (attempt >= 3 || !e.getMessage().contains("already in use")) {
                        throw e;
                    }
                }
            }
            long createMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Path dse = configDir(dir, instance.name).resolve("dse.ldif");
            setConfig(dse, "nsslapd-listenhost", HOST);
            setConfig(dse, "nsslapd-securelistenhost", HOST);

            for (int attempt = 1; ; attempt++) {
                long t1 = System.nanoTime();
                Path log = dir.resolve("ns-slapd-" + attempt + ".log");
                Process process = new ProcessBuilder(NS_SLAPD.toString(),
                        "-D", configDir(dir, instance.name).toString(),
                        "-i", dir.resolve("run/ns-slapd.pid").toString(), "-d", LOG_LEVEL)
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                try {
                    awaitReady(process, ports[0], password, log);
                    Ds389Server server = new Ds389Server(instance, process, ports[0], ports[1], isShared, createMillis,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1));
                    server.addLdif(new StringReader(BASE_LDIF));
                    Runtime.getRuntime().addShutdownHook(server.hook);
                    return server;
                } catch (IOException | InterruptedException | LDAPException | RuntimeException e) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    removeSemaphore(instance.name);
                    if (!(e instanceof IllegalStateException) || attempt >= 3
                            || !Files.readString(log).contains("address is in use")) {
                        throw e;
                    }
                    ports = freePorts();
                    setConfig(dse, "nsslapd-port", Integer.toString(ports[0]));
                    setConfig(dse, "nsslapd-securePort", Integer.toString(ports[1]));
                }
            }
        } catch (IOException | InterruptedException | LDAPException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (dir != null) {
                DirectoryFixtures.deleteTree(dir);
            }
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("cannot start 389-ds: " + e.getMessage(), e);
        }
    }

    /** The prefix: a defaults.inf pointing into {@code dir}, and copies of /etc/dirsrv's config and schema. */
    private static void preparePrefix(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        Path etc = Files.createDirectories(dir.resolve("etc/dirsrv"));
        for (String sub : List.of("config", "schema")) {
            Path source = ETC_DIRSRV.resolve(sub);
            Path target = Files.createDirectories(etc.resolve(sub));
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, target.resolve(file.getFileName().toString()));
                }
            }
        }
        PosixFileAttributes owner = Files.readAttributes(dir, PosixFileAttributes.class);
        String d = dir.toString();
        StringBuilder inf = new StringBuilder();
        for (String line : Files.readAllLines(DEFAULTS_INF)) {
            int eq = line.indexOf('=');
            if (line.startsWith(";") || line.startsWith("[") || eq < 0) {
                inf.append(line).append('\n');
                continue;
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            value = switch (key) {
                case "with_systemd" -> "0";
                case "with_selinux" -> "no";
                // The server runs as whoever runs the tests (root on CI): it owns the folder.
                case "user" -> owner.owner().getName();
                case "group" -> owner.group().getName();
                case "prefix" -> d;
                case "sysconf_dir" -> d + "/etc";
                case "local_state_dir" -> d + "/var";
                case "tmp_dir" -> d + "/tmp";
                case "initconfig_dir" -> d + "/etc/default";
                case "tmpfiles_d" -> d + "/etc/tmpfiles.d";
                case "run_dir" -> d + "/run/dirsrv";
                case "inst_dir" -> d + "/lib/dirsrv/slapd-{instance_name}";
                // Default /dev/shm: keep the BDB environment in the folder too, so nothing leaks.
                case "db_home_dir" -> d + "/var/lib/dirsrv/slapd-{instance_name}/db";
                default -> value.startsWith("/etc/") || value.startsWith("/var/") || value.startsWith("/run/")
                        ? d + value : value;
            };
            inf.append(key).append(" = ").append(value).append('\n');
        }
        Path infDir = Files.createDirectories(dir.resolve("share/dirsrv/inf"));
        Files.writeString(infDir.resolve("defaults.inf"), inf);
    }

    private static Instance create(Path dir, String name, String password, boolean tls, int[] ports)
            throws IOException, InterruptedException {
        Path socket = dir.resolve("run/slapd-" + name + ".socket");
        if (socket.toString().length() > MAX_SOCKET_PATH) {
            throw new IllegalStateException("the LDAPI socket path " + socket + " is too long for a unix socket;"
                    + " point java.io.tmpdir at a shorter folder");
        }
        String inf = """
                [general]
                full_machine_name = localhost
                strict_host_checking = False
                selinux = False
                systemd = False
                start = False

                [slapd]
                instance_name = %s
                port = %d
                secure_port = %d
                self_sign_cert = %s
                root_dn = %s
                root_password = %s
                prefix = %s

                [backend-userroot]
                suffix = %s
                sample_entries = no
                """.formatted(name, ports[0], ports[1], tls ? "True" : "False", ADMIN_DN, password, dir, BASE_DN);
        Path infFile = dir.resolve("setup-" + name + ".inf");
        Files.writeString(infFile, inf);
        Path out = dir.resolve("dscreate-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(DSCREATE.toString(), "from-file", infFile.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("PREFIX", dir.toString());
        Process p = builder.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        Files.deleteIfExists(infFile); // holds the admin password in clear
        if (!done || p.exitValue() != 0) {
            p.destroyForcibly();
            killDaemon(dir, name);
            throw new IOException("PREFIX=" + dir + " " + DSCREATE + " from-file " + infFile
                    + (done ? " failed (exit " + p.exitValue() + ")" : " timed out") + ":\n" + tail(out, 30));
        }
        return new Instance(dir, name, password, tls);
    }

    /**
     * dscreate runs the server daemonized while it configures it; after a failure half-way the
     * daemon may still run. Kills it if its pid file names an ns-slapd of this instance.
     */
    private static void killDaemon(Path dir, String name) {
        Path pidFile = dir.resolve("run/dirsrv/slapd-" + name + ".pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                String config = configDir(dir, name).toString();
                ProcessHandle.of(pid)
                        .filter(h -> h.info().commandLine().map(c -> c.contains("ns-slapd") && c.contains(config))
                                .orElse(false))
                        .ifPresent(h -> {
                            h.destroyForcibly();
                            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
                        });
            }
        } catch (IOException | NumberFormatException e) {
            // nothing to kill
        }
        removeSemaphore(name);
    }

    /** ns-slapd's SNMP stats semaphore (sem_open "/slapd-NAME.stats"), left behind by SIGKILL. */
    private static void removeSemaphore(String name) {
        try {
            Files.deleteIfExists(Path.of("/dev/shm/sem.slapd-" + name + ".stats"));
        } catch (IOException e) {
            // harmless leftover of a few bytes
        }
    }

    private static void awaitReady(Process process, int port, String password, Path log)
            throws IOException, InterruptedException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(2_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        LDAPException last = null;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                new LDAPConnection(options, HOST, port, ADMIN_DN, password).close();
                return;
            } catch (LDAPException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("ns-slapd on port " + port + " did not come up ("
                + (process.isAlive() ? "timeout" : "exit code " + process.waitFor())
                + ", last bind error: " + last + "); end of " + log + ":\n" + tail(log, 30));
    }

    /** Sets one attribute of the cn=config entry of a stopped server's dse.ldif (replaced or added). */
    private static void setConfig(Path dse, String attribute, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(dse));
        int start = lines.indexOf("dn: cn=config");
        if (start < 0) {
            throw new IOException("no cn=config entry in " + dse);
        }
        String prefix = attribute.toLowerCase(Locale.ROOT) + ":";
        int i = start + 1;
        for (; i < lines.size() && !lines.get(i).isEmpty(); i++) {
            if (lines.get(i).toLowerCase(Locale.ROOT).startsWith(prefix)) {
                lines.set(i, attribute + ": " + value);
                Files.write(dse, lines);
                return;
            }
        }
        lines.add(start + 1, attribute + ": " + value);
        Files.write(dse, lines);
    }

    private static String tail(Path file, int count) throws IOException {
        if (!Files.exists(file)) {
            return "(no " + file + ")";
        }
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    private static Path configDir(Path dir, String name) {
        return dir.resolve("etc/dirsrv/slapd-" + name);
    }

    private static Path logDir(Path dir, String name) {
        return dir.resolve("var/log/dirsrv/slapd-" + name);
    }

    /** Two distinct free loopback ports: LDAP and LDAPS. */
    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName(HOST));
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }
}
