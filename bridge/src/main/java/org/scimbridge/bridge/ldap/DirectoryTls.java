package org.scimbridge.bridge.ldap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllSSLSocketVerifier;
import com.unboundid.util.ssl.TrustAllTrustManager;

import org.scimbridge.bridge.config.BridgeConfig.Directory.Tls;
import org.scimbridge.bridge.config.BridgeConfig.Secret;
import org.scimbridge.mapping.config.ConfigException;

/**
 * The TLS side of the directory connection: which certificates are trusted and whether the host name must match. The
 * chain is checked by the JDK's PKIX trust manager (validity, CA constraints, path to a trusted root) against the
 * configured trust store or the JVM's own; the host name by UnboundID's verifier (RFC 6125) on every LDAPS connection
 * and after every StartTLS.
 */
public final class DirectoryTls {

    private DirectoryTls() {
    }

    /** The warning every start prints while {@code insecureSkipVerify} is on; empty otherwise. */
    public static Optional<String> warning(Tls tls) {
        return tls.insecureSkipVerify() ? Optional.of("WARNING: directory.insecureSkipVerify is true: the bridge accepts any"
                + " certificate for any host name from the directory, so whoever sits between them can read the bind password"
                + " and every change; set directory.trustStore to the directory's CA instead") : Optional.empty();
    }

    /** Strict by default: the host name must be one the certificate names (left-most wildcards allowed, RFC 6125 6.4.3). */
    static SSLSocketVerifier verifier(Tls tls) {
        return tls.insecureSkipVerify() ? TrustAllSSLSocketVerifier.getInstance() : new HostNameSSLSocketVerifier(true);
    }

    /** The socket factory for LDAPS and StartTLS; a trust store that cannot be read is a config error naming its key. */
    static SSLSocketFactory socketFactory(Tls tls, String configFile) {
        try {
            TrustManager[] trust = tls.insecureSkipVerify() ? new TrustManager[] {new TrustAllTrustManager()}
                    : trustManagers(tls, configFile);
            return new SSLUtil(trust).createSSLSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new ConfigException(configFile, "directory", "cannot set up TLS: " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(Tls tls, String configFile) throws GeneralSecurityException {
        KeyStore store = null; // the JVM's default trust store (javax.net.ssl.trustStore or lib/security/cacerts)
        if (tls.trustStore().isPresent()) {
            store = load(tls.trustStore().get(), tls.trustStorePassword(), configFile);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** A PEM bundle (recognised by its armour) or a PKCS#12/JKS key store (the JDK tells them apart by content). */
    private static KeyStore load(Path path, Optional<Secret> password, String configFile) {
        try {
            byte[] bytes = Files.readAllBytes(path);
            KeyStore store;
            if (new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
                Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(bytes));
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (Certificate certificate : certificates) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
            } else {
                store = KeyStore.getInstance(path.toFile(), password.map(p -> p.value().toCharArray()).orElse(null));
            }
            List<String> trusted = Collections.list(store.aliases()).stream().filter(a -> isTrusted(store, a)).toList();
            if (trusted.isEmpty()) {
                throw new ConfigException(configFile, "directory.trustStore", path + " holds no trusted certificate"
                        + (password.isEmpty() ? " (a PKCS#12 file may need directory.trustStorePasswordFile)" : ""));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(configFile, "directory.trustStore", "cannot read " + path + " as a PEM bundle or a"
                    + " PKCS#12/JKS key store: " + e.getMessage());
        }
    }

    private static boolean isTrusted(KeyStore store, String alias) {
        try {
            // The JDK's trust manager trusts the certificate of a key entry too (a CA's own PKCS#12 file).
            return store.getCertificate(alias) != null;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
