package org.scimbridge.bridge.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.cli.ServeCommand;
import org.scimbridge.bridge.testing.SlapdServer;
import org.scimbridge.bridge.testing.TestAuthority;

/**
 * TLS towards the directory against slapd serving LDAPS and StartTLS with a certificate from a CA made in the test:
 * strict by default (the chain must lead to a trusted CA, the host name must be in the certificate), the CA given as a
 * PEM bundle or a PKCS#12 trust store, and the insecure mode that checks nothing and says so at every start.
 * <p>The bridge connects by the name {@code localhost} (which must resolve to 127.0.0.1, where slapd listens): UnboundID's
 * host name check accepts any certificate on a numeric loopback address, so 127.0.0.1 would prove nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryTlsIT {

    private static final String ALICE = "/Users?filter=userName%20eq%20%22alice%22";

    private Path folder;
    private TestAuthority authority;
    /** Serves a certificate naming localhost, the name the bridge connects by. */
    private SlapdServer slapd;
    /** Serves a certificate from the same CA for another host only. */
    private SlapdServer impostor;

    @BeforeAll
    void start() throws Exception {
        assertEquals("127.0.0.1", java.net.InetAddress.getByName("localhost").getHostAddress(), "localhost must resolve to"
                + " 127.0.0.1 for these tests");
        folder = Files.createTempDirectory("directory-tls-it");
        authority = TestAuthority.create(folder, "directory");
        TestAuthority.Issued good = authority.issue("localhost", List.of("localhost"), List.of());
        TestAuthority.Issued other = authority.issue("ldap.other.example", List.of("ldap.other.example"), List.of());
        slapd = SlapdServer.start(SlapdServer.Options.defaults().tls(good.certificate(), good.key()));
        impostor = SlapdServer.start(SlapdServer.Options.defaults().tls(other.certificate(), other.key()));
        for (SlapdServer server : List.of(slapd, impostor)) {
            server.addLdif(new StringReader(DirectoryFailoverIT.users("alice")));
            ServedBridge.addServiceAccount(server);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
        if (impostor != null) {
            impostor.close();
        }
        if (folder != null) {
            ServedBridge.deleteTree(folder);
        }
    }

    @Test
    void ldapsWithTheCaAsPemTrustStoreConnectsAndServes(@TempDir Path run) throws Exception {
        try (ServedBridge bridge = start(run, ldaps(slapd), "trustStore: " + authority.certificate())) {
            assertEquals(1, bridge.harness().get(ALICE).json().path("totalResults").asInt());
            assertFalse(bridge.messages().contains("WARNING"), bridge.messages());
        }
    }

    @Test
    void startTlsWithTheCaAsPemTrustStoreConnectsAndServes(@TempDir Path run) throws Exception {
        try (ServedBridge bridge = start(run, ldap(slapd), "startTls: true\n  trustStore: " + authority.certificate())) {
            assertEquals(1, bridge.harness().get(ALICE).json().path("totalResults").asInt());
        }
    }

    @Test
    void aPkcs12TrustStoreOpensWithThePasswordFromItsFile(@TempDir Path run) throws Exception {
        Path store = run.resolve("trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(authority.certificate())) {
            trust.setCertificateEntry("directory-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(store)) {
            trust.store(out, "trust-secret".toCharArray());
        }
        Files.writeString(run.resolve("trust-password"), "trust-secret\n");
        try (ServedBridge bridge = start(run, ldaps(slapd),
                "trustStore: trust.p12\n  trustStorePasswordFile: trust-password")) {
            assertEquals(200, bridge.harness().get(ALICE).status());
        }
    }

    @Test
    void ldapsToACertificateForAnotherHostIsRefusedAtStartNamingTheHostName(@TempDir Path run) throws Exception {
        String message = refused(run, ldaps(impostor), "trustStore: " + authority.certificate());
        assertTrue(message.contains("'localhost'") && message.contains("ldap.other.example"), message);
    }

    @Test
    void startTlsToACertificateForAnotherHostIsRefusedAtStart(@TempDir Path run) throws Exception {
        String message = refused(run, ldap(impostor), "startTls: true\n  trustStore: " + authority.certificate());
        assertTrue(message.contains("'localhost'") && message.contains("ldap.other.example"), message);
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedOverLdapsAndStartTls(@TempDir Path run) throws Exception {
        TestAuthority stranger = TestAuthority.create(run, "stranger");
        assertTrue(refused(run, ldaps(slapd), "trustStore: " + stranger.certificate()).contains("certification path"));
        assertTrue(refused(run, ldap(slapd), "startTls: true\n  trustStore: " + stranger.certificate())
                .contains("certification path"));
    }

    @Test
    void withoutATrustStoreTheJvmDefaultsApplyAndDoNotTrustAPrivateCa(@TempDir Path run) throws Exception {
        assertTrue(refused(run, ldaps(slapd), "").contains("certification path"));
    }

    @Test
    void insecureSkipVerifyConnectsToAnyCertificateAndWarnsAtEveryStart(@TempDir Path run) throws Exception {
        for (String url : List.of(ldaps(impostor), ldap(impostor))) {
            String keys = url.startsWith("ldaps") ? "insecureSkipVerify: true" : "startTls: true\n  insecureSkipVerify: true";
            try (ServedBridge bridge = start(run, url, keys)) {
                assertEquals(200, bridge.harness().get(ALICE).status());
                assertTrue(bridge.messages().contains("WARNING: directory.insecureSkipVerify is true"), bridge.messages());
                assertFalse(bridge.messages().contains("bridge-service-secret"), "no password in the warning");
            }
        }
    }

    private static String ldaps(SlapdServer server) {
        return "ldaps://localhost:" + server.ldapsPort();
    }

    private static String ldap(SlapdServer server) {
        return "ldap://localhost:" + server.port();
    }

    private static ServedBridge start(Path run, String url, String tlsKeys) throws Exception {
        return ServedBridge.start(ServedBridge.config(run, List.of(url), "  connectTimeout: 5s\n  " + tlsKeys), null);
    }

    /** Start-up fails with the directory's URL in the message; returns the message. */
    private static String refused(Path run, String url, String tlsKeys) throws Exception {
        Path config = ServedBridge.config(run, List.of(url), "  connectTimeout: 5s\n  " + tlsKeys);
        ServeCommand.StartupException e = assertThrows(ServeCommand.StartupException.class,
                () -> ServedBridge.start(config, null).close());
        assertTrue(e.getMessage().startsWith("cannot connect and bind to [" + url + "]"), e.getMessage());
        System.out.println("refused " + url + ": " + e.getMessage());
        return e.getMessage();
    }
}
