package org.scimbridge.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Set;

import javax.net.ssl.SSLEngine;

import io.helidon.common.tls.Tls;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scimbridge.bridge.config.BridgeConfig.KeystoreTls;
import org.scimbridge.bridge.config.BridgeConfig.PemTls;
import org.scimbridge.bridge.config.BridgeConfig.Secret;
import org.scimbridge.bridge.testing.TestCertificate;

/** The listener's engines, as Helidon creates one per connection: only TLS 1.2 and 1.3 enabled, from PEM or PKCS#12. */
class ListenerTlsTest {

    @TempDir
    static Path folder;
    private static TestCertificate certificate;

    @BeforeAll
    static void certificate() throws Exception {
        certificate = TestCertificate.create(folder, "localhost", "ip:127.0.0.1");
    }

    @Test
    void aPemListenerEnablesOnlyTls12And13() {
        SSLEngine engine = ListenerTls.create(new PemTls(certificate.certificate(), certificate.key())).newEngine();
        assertEquals(Set.of("TLSv1.2", "TLSv1.3"), Set.of(engine.getEnabledProtocols()));
    }

    @Test
    void aKeystoreListenerEnablesOnlyTls12And13() {
        Tls tls = ListenerTls.create(new KeystoreTls(certificate.keyStore(), new Secret(TestCertificate.PASSWORD)));
        assertEquals(Set.of("TLSv1.2", "TLSv1.3"), Set.of(tls.newEngine().getEnabledProtocols()));
    }

    @Test
    void aWrongKeystorePasswordNamesTheFileButNotThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListenerTls.create(new KeystoreTls(certificate.keyStore(), new Secret("wrong-password"))));
        assertTrue(e.getMessage().contains(certificate.keyStore().toString()), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-password"), e.getMessage());
    }

    @Test
    void aKeystoreWithoutAKeyIsRefused() throws Exception {
        Path empty = folder.resolve("empty.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(empty)) {
            store.store(out, "pw".toCharArray());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListenerTls.create(new KeystoreTls(empty, new Secret("pw"))));
        assertTrue(e.getMessage().contains("holds 0 private keys"), e.getMessage());
    }

}
