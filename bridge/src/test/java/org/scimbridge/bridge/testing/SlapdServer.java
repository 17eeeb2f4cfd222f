package org.scimbridge.bridge.testing;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A throwaway, real OpenLDAP {@code slapd} for integration tests.
 *
 * <p>Each instance gets its own temp folder holding a {@code cn=config} built by
 * {@code slapadd -n 0} from {@code /slapd/config.ldif} (schemas core, cosine, nis, inetorgperson;
 * one MDB database for {@value #BASE_DN}, indexed for the bridge's filters, unlimited size
 * limits), the database, the log and the pid file. The admin ({@value #ADMIN_DN}) is the rootdn
 * with a random password; anybody else may read. {@code /slapd/base.ldif} (the base entry,
 * {@code ou=people}, {@code ou=groups}) is added after every start.
 *
 * <p>Facts found on the Debian package (slapd 2.5.13):
 * <ul>
 *   <li>Entries carry the operational attributes {@code entryUUID}, {@code entryCSN},
 *       {@code createTimestamp}, {@code modifyTimestamp}, {@code creatorsName} and
 *       {@code modifiersName} (ask for them by name or with {@code "+"}).</li>
 *   <li>With the default options the root DSE's {@code supportedControl} lists simple paged
 *       results (1.2.840.113556.1.4.319), server-side sort (1.2.840.113556.1.4.473) and VLV
 *       (2.16.840.1.113730.3.4.9) (these two only with the sssvlv overlay), assertion
 *       (1.3.6.1.1.12), pre-read and post-read (1.3.6.1.1.13.1, .2); its
 *       {@code supportedExtension} lists password modify (1.3.6.1.4.1.4203.1.11.1).
 *       There is no subtree-delete control, hence {@link #reset()} deletes entry by entry.</li>
 *   <li>/usr/lib/ldap has back_mdb, sssvlv, ppolicy, memberof, refint, unique, syncprov,
 *       accesslog, dynlist, autogroup, pw-sha2, argon2 and more. The ppolicy module loads fine,
 *       so it is always loaded when present (in 2.5 it brings its own schema, and the root DSE
 *       then lists its control 1.3.6.1.4.1.42.2.27.8.5.1 even without the overlay); the
 *       overlay itself is opt-in.</li>
 * </ul>
 *
 * <p>Outages for failure tests on private instances: {@link #halt()} stops slapd as a crash or maintenance would and
 * {@link #restart()} brings it back on the same ports with the same data; {@link #freeze()} (SIGSTOP) leaves the kernel
 * accepting connections that nobody answers, {@link #thaw()} resumes it. With {@link Options#tls(Path, Path)} slapd also
 * serves StartTLS on {@link #port()} and LDAPS on {@link #ldapsPort()} (GnuTLS on Debian; it reads RSA keys in PKCS#8
 * PEM, not the EC ones of {@link TestAuthority}'s tool).
 *
 * <p>slapd missing is an error, never a skip: a skipped suite would look green without LDAP.
 */
public final class SlapdServer implements ScratchDirectory {

    public static final String BASE_DN = "dc=example,dc=com";
    public static final String ADMIN_DN = "cn=admin," + BASE_DN;
    public static final String PEOPLE_DN = "ou=people," + BASE_DN;
    public static final String GROUPS_DN = "ou=groups," + BASE_DN;
    private static final String HOST = "127.0.0.1";
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
    private static final Path MODULES = Path.of("/usr/lib/ldap");

    private static SlapdServer shared;
    /** olcSssVlvMax of the shared instance. */
    public static final int SHARED_SORT_CAP = 64;

    /**
     * Start-up options, e.g. {@code Options.defaults().ppolicy(true)}.
     *
     * @param sssvlv  sssvlv overlay on the database: server-side sort and VLV (default on)
     * @param ppolicy ppolicy overlay on the database (default off)
     * @param tls     certificate and key (PEM) to serve: StartTLS on {@link #port()}, LDAPS on {@link #ldapsPort()}
     * @param preload entries {@code slapadd} loads into the database before the first start, after the base entries: a
     *                benchmark's 100,000 users take seconds this way instead of minutes of LDAP adds (slapadd runs no
     *                overlay: a preload for {@code memberof} carries the users' memberOf values itself)
     * @param memberof memberof overlay on the database (default off): {@code groupOfNames}/{@code member} kept in each
     *                user's operational {@code memberOf}, with referential integrity on group renames and deletes
     * @param sortCap  sssvlv's olcSssVlvMax, the sorts slapd keeps across all connections; 0: slapd's default (half its
     *                threads, 8 here)
     */
    public record Options(boolean sssvlv, boolean ppolicy, Optional<Tls> tls, Optional<Path> preload, boolean memberof,
                          int sortCap) {
        public static Options defaults() { return new Options(true, false, Optional.empty(), Optional.empty(), false, 0); }
        public Options sssvlv(boolean on) { return new Options(on, ppolicy, tls, preload, memberof, sortCap); }
        public Options ppolicy(boolean on) { return new Options(sssvlv, on, tls, preload, memberof, sortCap); }
        public Options tls(Path certificate, Path key) {
            return new Options(sssvlv, ppolicy, Optional.of(new Tls(certificate, key)), preload, memberof, sortCap);
        }
        public Options preload(Path ldif) { return new Options(sssvlv, ppolicy, tls, Optional.of(ldif), memberof, sortCap); }
        public Options memberof(boolean on) { return new Options(sssvlv, ppolicy, tls, preload, on, sortCap); }
        public Options sortCap(int cap) { return new Options(sssvlv, ppolicy, tls, preload, memberof, cap); }
    }

    /** PEM files slapd serves TLS with (GnuTLS on Debian reads PKCS#8 keys, EC included). */
    public record Tls(Path certificate, Path key) {
    }

    private final Path directory;
    private final String adminPassword;
    private volatile Process process;
    private final int port;
    private final int ldapsPort;
    private final boolean isShared;
    private final AtomicBoolean stopped = new AtomicBoolean();
    // Registered for private instances too, so one a test forgot to close dies with the JVM.
    private final Thread hook = new Thread(this::stop, "slapd-stop");

    private SlapdServer(Path directory, String adminPassword, Process process, int port, int ldapsPort, boolean isShared) {
        this.directory = directory;
        this.adminPassword = adminPassword;
        this.process = process;
        this.port = port;
        this.ldapsPort = ldapsPort;
        this.isShared = isShared;
    }

    /** The one instance of this JVM (default options), started on first use, stopped at exit. */
    public static synchronized SlapdServer shared() {
        // A synchronized field, not a holder class: a failed start is retried with its real
        // message instead of becoming NoClassDefFoundError for every later test.
        if (shared == null) {
            // Every test class opens pools on the shared instance, and each keeps VLV sorts on its idle connections: the
            // headroom config/README.md advises for olcSssVlvMax, or one class's leftovers refuse another's pages.
            shared = launch(Options.defaults().sortCap(SHARED_SORT_CAP), true, List.of());
        }
        return shared;
    }

    /** A private instance; close it when done. */
    public static SlapdServer start(Options options) {
        return launch(options, false, List.of());
    }

    /**
     * A private instance whose database has exactly the {@code olcAccess} rules given (each a value as in LDIF, with
     * its {n} index) instead of the default ones; close it when done.
     */
    public static SlapdServer start(Options options, List<String> databaseAccess) {
        return launch(options, false, databaseAccess);
    }

    public String host() { return HOST; }
    public int port() { return port; }
    public String url() { return "ldap://" + HOST + ":" + port; }
    /** The LDAPS port; 0 unless started with {@link Options#tls(Path, Path)}. */
    public int ldapsPort() { return ldapsPort; }
    public String ldapsUrl() {
        if (ldapsPort == 0) {
            throw new IllegalStateException("this slapd was started without TLS (Options.tls)");
        }
        return "ldaps://" + HOST + ":" + ldapsPort;
    }
    /** The slapd process's id, for signals. */
    public long pid() { return process.pid(); }
    /** Whether the slapd process runs (or is frozen); false after {@link #halt()} or a crash. */
    public boolean isRunning() { return process.isAlive(); }
    public String baseDn() { return BASE_DN; }
    public String adminDn() { return ADMIN_DN; }
    public String adminPassword() { return adminPassword; }
    public Path directory() { return directory; }

    /** A new connection bound as the admin; the caller closes it. */
    public LDAPConnection connect() throws LDAPException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(2_000);
        return new LDAPConnection(options, HOST, port, ADMIN_DN, adminPassword);
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

    /**
     * Stops slapd as an outage would (SIGTERM; it closes its connections and the MDB), keeping its folder and ports for
     * {@link #restart()}. Not on {@link #shared()}.
     */
    public void halt() {
        requirePrivate();
        signal("CONT"); // a frozen slapd handles SIGTERM only once it runs again
        terminate(process);
    }

    /** Starts the halted slapd again on the same ports with the same data, and waits until it answers. */
    public void restart() throws IOException, InterruptedException {
        requirePrivate();
        Path log = directory.resolve("slapd-restart-" + System.nanoTime() + ".log");
        process = launchProcess(directory, port, ldapsPort, log);
        awaitReady(log);
    }

    /** SIGSTOP: slapd keeps its sockets and accepts TCP connections (the kernel does), but answers nothing. */
    public void freeze() {
        requirePrivate();
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}: slapd answers again, the requests it received meanwhile first. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + name + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void requirePrivate() {
        if (isShared) {
            throw new IllegalStateException("the shared slapd serves other tests; start a private one to stop or freeze it");
        }
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (process.isAlive()) {
            signal("CONT");
        }
        terminate(process);
        DirectoryFixtures.deleteTree(directory);
    }

    private static void terminate(Process process) {
        process.destroy(); // SIGTERM lets slapd close the MDB cleanly
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static SlapdServer launch(Options options, boolean isShared, List<String> databaseAccess) {
        if (!Files.isExecutable(SLAPD) || !Files.isExecutable(SLAPADD)) {
            throw new IllegalStateException(SLAPD + " or " + SLAPADD + " missing: the LDAP"
                    + " integration tests need OpenLDAP: apt-get install slapd ldap-utils");
        }
        if (options.sssvlv()) {
            requireModule("sssvlv");
        }
        if (options.ppolicy()) {
            requireModule("ppolicy");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("slapd-");
            Path configDir = Files.createDirectories(dir.resolve("slapd.d"));
            Files.createDirectories(dir.resolve("data"));
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Path config = Files.writeString(dir.resolve("config.ldif"), configLdif(dir, password, options, databaseAccess));
            run(dir, Duration.ofSeconds(30), SLAPADD.toString(), "-n", "0", "-F", configDir.toString(), "-l", config.toString());
            if (options.preload().isPresent()) {
                Path base = Files.writeString(dir.resolve("base.ldif"), resource("base.ldif"));
                for (Path ldif : List.of(base, options.preload().get())) {
                    // -q: no consistency checks, as for a bulk load; slapadd still adds entryUUID, entryCSN and timestamps.
                    run(dir, Duration.ofMinutes(10), SLAPADD.toString(), "-q", "-n", "1", "-F", configDir.toString(), "-l",
                            ldif.toString());
                }
            }
            // The probed port can be taken before slapd binds it, hence up to three attempts.
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                int ldapsPort = options.tls().isPresent() ? freePort() : 0;
                Path log = dir.resolve("slapd-" + attempt + ".log");
                Process process = launchProcess(dir, port, ldapsPort, log);
                SlapdServer server = new SlapdServer(dir, password, process, port, ldapsPort, isShared);
                try {
                    server.awaitReady(log);
                    if (options.preload().isEmpty()) {
                        server.addLdif(new StringReader(resource("base.ldif")));
                    }
                    Runtime.getRuntime().addShutdownHook(server.hook);
                    return server;
                } catch (IllegalStateException | LDAPException e) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    if (attempt >= 3 || !Files.readString(log).contains("Address already in use")) {
                        throw e;
                    }
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
                    : new IllegalStateException("cannot start slapd: " + e, e);
        }
    }

    private static Process launchProcess(Path dir, int port, int ldapsPort, Path log) throws IOException {
        String listeners = "ldap://" + HOST + ":" + port + "/"
                + (ldapsPort == 0 ? "" : " ldaps://" + HOST + ":" + ldapsPort + "/");
        // "-d none" keeps slapd in the foreground (so the JVM owns the process) and,
        // unlike "-d 0", still logs fatal errors such as a failed bind.
        return new ProcessBuilder(SLAPD.toString(), "-d", "none", "-h", listeners, "-F", dir.resolve("slapd.d").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String configLdif(Path dir, String password, Options options, List<String> databaseAccess)
            throws IOException {
        StringBuilder modules = new StringBuilder();
        StringBuilder overlays = new StringBuilder();
        if (options.sssvlv()) {
            modules.append("olcModuleLoad: sssvlv\n");
            overlays.append(overlay(0, "sssvlv", "olcSssVlvConfig"));
            if (options.sortCap() > 0) {
                overlays.append("olcSssVlvMax: ").append(options.sortCap()).append('\n');
            }
        }
        // Loaded whenever present, so tests can use its schema or add the overlay at run time.
        if (Files.exists(MODULES.resolve("ppolicy.so"))) {
            modules.append("olcModuleLoad: ppolicy\n");
        }
        int next = options.sssvlv() ? 1 : 0;
        if (options.ppolicy()) {
            overlays.append(overlay(next++, "ppolicy", "olcPPolicyConfig"));
        }
        if (options.memberof()) {
            modules.append("olcModuleLoad: memberof\n");
            overlays.append(overlay(next, "memberof", "olcMemberOfConfig")).append("""
                    olcMemberOfGroupOC: groupOfNames
                    olcMemberOfMemberAD: member
                    olcMemberOfMemberOfAD: memberOf
                    olcMemberOfRefInt: TRUE
                    olcMemberOfDangling: ignore
                    """);
        }
        String global = options.tls().map(tls -> "olcTLSCertificateFile: " + tls.certificate() + "\n"
                + "olcTLSCertificateKeyFile: " + tls.key() + "\n").orElse("");
        String config = resource("config.ldif").replace("olcPidFile: @DIR@/slapd.pid\n", "olcPidFile: @DIR@/slapd.pid\n" + global);
        if (!databaseAccess.isEmpty()) {
            // The frontend's rules apply after every database's: there only the root DSE and the schema stay readable
            // (as on Debian's default slapd), so what the database's rules do not grant, nobody gets.
            int frontend = config.indexOf("dn: olcDatabase={-1}frontend");
            int configDb = config.indexOf("dn: olcDatabase={0}config");
            int mdb = config.indexOf("dn: olcDatabase={1}mdb");
            config = config.substring(0, frontend) + config.substring(frontend, configDb)
                    .replaceFirst("(?s)olcAccess: .*?\n\n", "olcAccess: {0}to dn.base=\"\" by * read\n"
                            + "olcAccess: {1}to dn.base=\"cn=Subschema\" by * read\n\n")
                    + config.substring(configDb, mdb) + config.substring(mdb).replaceAll("(?m)^olcAccess: .*\n", "")
                    .replace("olcSizeLimit: unlimited\n", "olcSizeLimit: unlimited\n"
                            + databaseAccess.stream().map(rule -> "olcAccess: " + rule + "\n").reduce("", String::concat));
        }
        return config.replace("@DIR@", dir.toString())
                .replace("@ROOTPW@", password) // cleartext: random, and the server is throwaway
                .replace("@MODULES@\n", modules)
                .replace("@OVERLAYS@\n", overlays);
    }

    private static String overlay(int index, String name, String objectClass) {
        return """

                dn: olcOverlay={%1$d}%2$s,olcDatabase={1}mdb,cn=config
                objectClass: olcOverlayConfig
                objectClass: %3$s
                olcOverlay: {%1$d}%2$s
                """.formatted(index, name, objectClass);
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        LDAPException last = null;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                connect().close();
                return;
            } catch (LDAPException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        List<String> lines = Files.readAllLines(log);
        throw new IllegalStateException("slapd on port " + port + " did not come up ("
                + (process.isAlive() ? "timeout" : "exit code " + process.waitFor())
                + ", last bind error: " + last + "); end of " + log + ":\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SlapdServer.class.getResourceAsStream("/slapd/" + name)) {
            if (in == null) {
                throw new IOException("test resource /slapd/" + name + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void requireModule(String name) {
        if (!Files.exists(MODULES.resolve(name + ".so"))) {
            throw new IllegalStateException(name + " requested but " + MODULES + "/" + name + ".so is missing");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        Path out = dir.resolve("slapadd.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + Files.readString(out));
        }
    }
}
