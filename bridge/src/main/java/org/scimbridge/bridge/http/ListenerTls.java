package org.scimbridge.bridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsConfig;

import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfig.KeystoreTls;
import org.scimbridge.bridge.config.BridgeConfig.PemTls;

/**
 * The listener's TLS set-up from {@code server.tls}. Only TLS 1.2 and 1.3: RFC 8996 deprecates 1.0 and 1.1, and RFC 7644
 * section 7.1 requires TLS for SCIM. Cipher suites are the JDK's defaults for those versions.
 */
public final class ListenerTls {

    /** The versions the listener accepts; anything older fails the handshake, whatever the JDK's security file allows. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private ListenerTls() {
    }

    /** @throws IllegalArgumentException when the key or certificate cannot be read (the message names the file) */
    public static Tls create(BridgeConfig.Tls config) {
        TlsConfig.Builder tls = TlsConfig.builder().enabledProtocols(PROTOCOLS);
        switch (config) {
            case PemTls pem -> {
                Keys keys = Keys.builder().pem(p -> p.key(Resource.create(pem.privateKey()))
                        .certChain(Resource.create(pem.certificate()))).build();
                tls.privateKey(keys).privateKeyCertChain(keys);
            }
            case KeystoreTls store -> keystore(tls, store);
        }
        return tls.build();
    }

    /** The key store's one private key and its chain, whatever its alias (Helidon would want the alias configured). */
    private static void keystore(TlsConfig.Builder tls, KeystoreTls store) {
        char[] password = store.password().value().toCharArray();
        try (InputStream in = Files.newInputStream(store.keystore())) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
            List<String> keys = Collections.list(keyStore.aliases()).stream().filter(a -> isKey(keyStore, a)).toList();
            if (keys.size() != 1) {
                throw new IllegalArgumentException(store.keystore() + " holds " + keys.size() + " private keys; the listener"
                        + " needs exactly one");
            }
            Certificate[] chain = keyStore.getCertificateChain(keys.getFirst());
            tls.privateKey((PrivateKey) keyStore.getKey(keys.getFirst(), password))
                    .privateKeyCertChain(Arrays.stream(chain).map(X509Certificate.class::cast).toList());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read " + store.keystore() + " as PKCS#12 with the configured password: "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static boolean isKey(KeyStore keyStore, String alias) {
        try {
            return keyStore.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
