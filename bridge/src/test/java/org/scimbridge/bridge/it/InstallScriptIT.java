package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfig.Audit;
import org.scimbridge.bridge.config.BridgeConfigLoader;

/**
 * {@code systemd/install.sh} into a scratch root, with the jar and libs {@code mvn package} built before this phase:
 * the layout, modes and (as root, as on CI) owners, the service user, the upgrade rule for edited configuration, and
 * {@code systemd-analyze verify} on the unit as installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstallScriptIT {

    private static final Path REPO = Path.of(System.getProperty("config.dir")).toAbsolutePath().normalize().getParent();
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    /** Shared by the tests that only read the first install; the upgrade test installs into its own root. */
    @TempDir
    static Path root;

    private int serviceUid;
    private int serviceGid;

    @BeforeAll
    void install() throws Exception {
        Result first = run(REPO.resolve("systemd/install.sh").toString(), "--root", root.toString(), "--jar",
                Path.of("target", "scim-bridge.jar").toAbsolutePath().toString());
        assertFalse(first.errors().contains("kept your edited"), "a first install has nothing to keep: " + first.errors());
        String[] passwd = serviceUserEntry().split(":");
        serviceUid = Integer.parseInt(passwd[2]);
        serviceGid = Integer.parseInt(passwd[3]);
    }

    @Test
    void theProgramLandsInUsrLibWithALauncherInUsrBin() throws IOException {
        Path lib = root.resolve("usr/lib/scim-bridge");
        assertEquals(-1L, Files.mismatch(Path.of("target", "scim-bridge.jar"), lib.resolve("scim-bridge.jar")));
        try (Stream<Path> built = Files.list(Path.of("target", "libs"));
             Stream<Path> installed = Files.list(lib.resolve("libs"))) {
            assertEquals(built.map(Path::getFileName).sorted().toList(), installed.map(Path::getFileName).sorted().toList());
        }
        assertEquals("rwxr-xr-x", mode(lib.resolve("scim-bridge")));
        assertEquals(Path.of("../lib/scim-bridge/scim-bridge"), Files.readSymbolicLink(root.resolve("usr/bin/scim-bridge")));
        assertEquals("rw-r--r--", mode(root.resolve("usr/lib/systemd/system/scim-bridge.service")));
    }

    @Test
    void theInstalledLauncherFindsJavaAndRunsTheInstalledJar() throws Exception {
        Result help = run(root.resolve("usr/bin/scim-bridge").toString(), "--help");
        assertEquals(0, help.exit(), help.errors());
        assertTrue(help.output().startsWith("usage: scim-bridge <command>"), help.output());
    }

    @Test
    void theLauncherKeepsAClassArchiveWhereItCanWriteOneAndStartsWithoutOneWhereItCannot(@TempDir Path state)
            throws Exception {
        String launcher = root.resolve("usr/bin/scim-bridge").toString();
        Path archive = state.resolve("classes.jsa");
        Result first = run(Map.of("SCIM_BRIDGE_CLASS_ARCHIVE", archive.toString()), launcher, "--help");
        assertEquals(0, first.exit(), first.errors());
        assertTrue(Files.isRegularFile(archive) && Files.size(archive) > 0, "the JVM wrote the archive as it exited");
        Result second = run(Map.of("SCIM_BRIDGE_CLASS_ARCHIVE", archive.toString(), "JAVA_OPTS", "-Xlog:class+load=info:stderr"),
                launcher, "--help");
        assertEquals(0, second.exit(), second.errors());
        assertTrue(second.errors().contains("org.scimbridge.bridge.Main source: shared objects file (top)"),
                "the next start maps the bridge's classes from the archive: " + second.errors().lines().filter(
                        l -> l.contains("org.scimbridge.bridge.Main ")).toList());
        assertTrue(second.output().startsWith("usage: scim-bridge <command>"), second.output());

        // A JVM told to use an archive it cannot write refuses to start; the launcher leaves the option out instead.
        Path nowhere = state.resolve("missing-folder/classes.jsa");
        Result without = run(Map.of("SCIM_BRIDGE_CLASS_ARCHIVE", nowhere.toString()), launcher, "--help");
        assertEquals(0, without.exit(), without.errors());
        assertTrue(without.output().startsWith("usage: scim-bridge <command>"), without.output());
        assertTrue(without.errors().contains("scim-bridge: starting without the class archive: " + nowhere + " cannot be written"),
                without.errors());
        assertFalse(Files.exists(nowhere));
    }

    @Test
    void theServiceUserIsASystemUserWithoutALoginShell() throws IOException {
        assertTrue(serviceUid > 0 && serviceUid < 1000, "a system uid: " + serviceUid);
        assertTrue(serviceUserEntry().endsWith(":/var/lib/scim-bridge:/usr/sbin/nologin"), serviceUserEntry());
        assertTrue(Files.readString(root.resolve("etc/group")).contains("scim-bridge:x:" + serviceGid + ":"));
        assertTrue(Files.readString(root.resolve("usr/lib/sysusers.d/scim-bridge.conf")).contains("u scim-bridge -"));
    }

    @Test
    void stateAndLogFoldersAreTheServiceUsersAlone() throws IOException {
        for (String folder : List.of("var/lib/scim-bridge", "var/log/scim-bridge")) {
            Path path = root.resolve(folder);
            assertEquals("rwxr-x---", mode(path), folder);
            assertEquals(ROOT ? serviceUid : currentUid(), uid(path), folder + " owner");
            assertEquals(ROOT ? serviceGid : currentGid(), gid(path), folder + " group");
        }
    }

    @Test
    void configurationIsReadableByTheServiceGroupAndWritableByRootOnly() throws IOException {
        Path etc = root.resolve("etc/scim-bridge");
        assertEquals("rwxr-x---", mode(etc));
        for (String file : List.of("bridge.yaml", "tokens.yaml", "openldap.yaml", "389ds.yaml", "active-directory.yaml",
                "apacheds.yaml")) {
            Path path = etc.resolve(file);
            assertEquals("rw-r-----", mode(path), file);
            assertEquals(ROOT ? 0 : currentUid(), uid(path), file + " owner");
            assertEquals(ROOT ? serviceGid : currentGid(), gid(path), file + " group");
        }
        assertFalse(Files.exists(etc.resolve("bind-password")), "the secret is the administrator's to write, never shipped");
        assertEquals("rw-r--r--", mode(root.resolve("etc/default/scim-bridge")));
    }

    @Test
    void theInstalledConfigTakesTheBindPasswordFromTheUnitsCredential() throws IOException {
        String unit = Files.readString(root.resolve("usr/lib/systemd/system/scim-bridge.service"));
        assertTrue(unit.contains("\nLoadCredential=bind-password:/etc/scim-bridge/bind-password\n"), unit);
        Path credentials = Files.createDirectories(root.resolve("run/credentials/scim-bridge.service"));
        Files.writeString(credentials.resolve("bind-password"), "from-the-credential\n");
        BridgeConfig config = BridgeConfigLoader.load(root.resolve("etc/scim-bridge/bridge.yaml"),
                Map.of("CREDENTIALS_DIRECTORY", credentials.toString()));
        assertEquals("from-the-credential", config.directory().bindPassword().value());
        assertEquals(root.resolve("etc/scim-bridge/tokens.yaml"), config.tokenFile());
        assertEquals(List.of(new Audit.FileSink(Path.of("/var/log/scim-bridge/audit.log"))), config.audit().sinks());
    }

    @Test
    void anUpgradeKeepsEditedConfigurationAndPutsTheNewDefaultNextToIt(@TempDir Path upgraded) throws Exception {
        run(REPO.resolve("systemd/install.sh").toString(), "--root", upgraded.toString());
        Path bridgeYaml = upgraded.resolve("etc/scim-bridge/bridge.yaml");
        String edited = Files.readString(bridgeYaml).replace("port: 8080", "port: 8443");
        Files.writeString(bridgeYaml, edited);
        // An older release's default that nobody edited: installed and recorded alike.
        Path mapping = upgraded.resolve("etc/scim-bridge/openldap.yaml");
        Files.writeString(mapping, "# the previous release's profile\n");
        Files.writeString(upgraded.resolve("usr/lib/scim-bridge/defaults/scim-bridge-openldap.yaml"),
                "# the previous release's profile\n");

        Result again = run(REPO.resolve("systemd/install.sh").toString(), "--root", upgraded.toString());

        assertEquals(edited, Files.readString(bridgeYaml), "the edit survives");
        Path dist = upgraded.resolve("etc/scim-bridge/bridge.yaml.dist");
        assertEquals(Files.readString(upgraded.resolve("usr/lib/scim-bridge/defaults/scim-bridge-bridge.yaml")),
                Files.readString(dist));
        assertEquals("rw-r-----", mode(dist));
        assertTrue(again.errors().contains("kept your edited " + bridgeYaml + "; the new default is " + dist), again.errors());
        assertEquals(Files.readString(REPO.resolve("config/openldap.yaml")), Files.readString(mapping),
                "the unedited file is updated");
        assertFalse(Files.exists(upgraded.resolve("etc/scim-bridge/openldap.yaml.dist")));
    }

    @Test
    void systemdAnalyzeVerifyFindsNothingToSayAboutTheInstalledUnit(@TempDir Path units) throws Exception {
        // verify --root= needs a whole OS in the root (sysinit.target, /bin/kill); the installed unit is checked on this
        // host instead, its ExecStart pointed at the launcher installed in the scratch root.
        String unit = Files.readString(root.resolve("usr/lib/systemd/system/scim-bridge.service"))
                .replace("ExecStart=/usr/bin/scim-bridge ", "ExecStart=" + root.resolve("usr/bin/scim-bridge") + " ");
        Path copy = Files.writeString(units.resolve("scim-bridge.service"), unit);
        Result verify = run("systemd-analyze", "verify", "--man=no", copy.toString());
        // Unknown keys and bad values are warnings with exit code 0: any output at all fails.
        assertEquals(0, verify.exit(), verify.errors());
        assertEquals("", verify.output() + verify.errors());
    }

    private String serviceUserEntry() throws IOException {
        return Files.readAllLines(root.resolve("etc/passwd")).stream().filter(l -> l.startsWith("scim-bridge:")).findFirst()
                .orElseThrow(() -> new AssertionError("no scim-bridge user in " + root.resolve("etc/passwd")));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int gid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    private int currentUid() throws IOException {
        return uid(Files.createTempFile(root, "owner", ".probe"));
    }

    private int currentGid() throws IOException {
        return gid(Files.createTempFile(root, "owner", ".probe"));
    }

    private record Result(int exit, String output, String errors) {
    }

    private static Result run(String... command) throws Exception {
        return run(Map.of(), command);
    }

    private static Result run(Map<String, String> environment, String... command) throws Exception {
        Path out = Files.createTempFile("install-it", ".out");
        Path err = Files.createTempFile("install-it", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " finishes");
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        if (result.exit() != 0 && !command[0].equals("systemd-analyze") && !command[0].endsWith("scim-bridge")) {
            throw new AssertionError(String.join(" ", command) + " failed: " + result);
        }
        return result;
    }
}
