package org.scimbridge.bridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate made with the JDK's {@code keytool}, as PEM files (certificate, PKCS#8 key) for
 * servers like rsyslog and as a PKCS#12 key store for Java servers.
 *
 * @param certificate PEM certificate, also what a client trusts
 * @param key         PEM private key (unencrypted PKCS#8)
 * @param keyStore    PKCS#12 holding both, password {@link #PASSWORD}
 */
public record TestCertificate(Path certificate, Path key, Path keyStore) {

    public static final String PASSWORD = "changeit";

    /** A certificate for {@code cn} whose subject alternative names are {@code san} (keytool syntax, e.g. ip:127.0.0.1). */
    public static TestCertificate create(Path folder, String cn, String san) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = folder.resolve(cn + "-" + san.replace(':', '_').replace(',', '_') + ".p12");
        Path certificate = Path.of(store + ".crt.pem");
        Path key = Path.of(store + ".key.pem");
        run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + cn, "-ext", "SAN=" + san, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString()));
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD.toCharArray());
            Key privateKey = keyStore.getKey("server", PASSWORD.toCharArray());
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(privateKey.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        return new TestCertificate(certificate, key, store);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command.get(1) + " failed: " + output);
        }
    }
}
