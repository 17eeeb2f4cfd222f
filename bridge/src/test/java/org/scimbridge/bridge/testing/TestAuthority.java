package org.scimbridge.bridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.cert.ManageCertificates;

/**
 * A throwaway certificate authority and the server certificates it signs, made in-process with UnboundID's
 * {@code manage-certificates} tool: PEM files for servers like slapd, PKCS#12 stores for Java clients.
 *
 * @param folder      where the files go
 * @param certificate the CA certificate (PEM): what a client trusts
 * @param keyStore    PKCS#12 holding the CA's key and certificate, password {@link #PASSWORD}
 */
public record TestAuthority(Path folder, Path certificate, Path keyStore) {

    public static final String PASSWORD = "changeit";

    /** A server certificate (PEM) signed by this CA and its key (PEM, PKCS#8). */
    public record Issued(Path certificate, Path key) {
    }

    /** A new CA named {@code name}, with its files in {@code folder}. */
    public static TestAuthority create(Path folder, String name) {
        Path store = folder.resolve(name + "-ca.p12");
        Path certificate = folder.resolve(name + "-ca.pem");
        run("generate-self-signed-certificate", "--keystore", store.toString(), "--keystore-password", PASSWORD,
                "--keystore-type", "PKCS12", "--alias", "ca", "--subject-dn", "CN=" + name + " Test CA", "--key-algorithm", "EC",
                "--key-size-bits", "256", "--signature-algorithm", "SHA256withECDSA", "--days-valid", "2",
                "--basic-constraints-is-ca", "true", "--key-usage", "keyCertSign", "--key-usage", "crlSign");
        run("export-certificate", "--keystore", store.toString(), "--keystore-password", PASSWORD, "--alias", "ca",
                "--output-file", certificate.toString(), "--output-format", "PEM");
        return new TestAuthority(folder, certificate, store);
    }

    /**
     * A server certificate for {@code cn} whose subject alternative names are {@code dnsNames} and {@code ipAddresses}.
     */
    public Issued issue(String cn, List<String> dnsNames, List<String> ipAddresses) {
        String base = cn + "-" + System.nanoTime();
        Path store = folder.resolve(base + ".p12");
        Path request = folder.resolve(base + ".csr");
        Path issued = folder.resolve(base + ".pem");
        Path key = folder.resolve(base + ".key");
        // An RSA key: GnuTLS (Debian's slapd) cannot parse the EC PKCS#8 key manage-certificates exports.
        run("generate-certificate-signing-request", "--keystore", store.toString(), "--keystore-password", PASSWORD,
                "--keystore-type", "PKCS12", "--alias", "server", "--subject-dn", "CN=" + cn, "--key-algorithm", "RSA",
                "--key-size-bits", "2048", "--signature-algorithm", "SHA256withRSA", "--output-file", request.toString(),
                "--output-format", "PEM");
        List<String> sign = new ArrayList<>(List.of("sign-certificate-signing-request", "--request-input-file",
                request.toString(), "--keystore", keyStore.toString(), "--keystore-password", PASSWORD,
                "--signing-certificate-alias", "ca", "--signature-algorithm", "SHA256withECDSA", "--days-valid", "2",
                "--key-usage", "digitalSignature", "--key-usage", "keyEncipherment",
                "--extended-key-usage", "serverAuth", "--certificate-output-file", issued.toString(), "--output-format", "PEM",
                "--no-prompt"));
        dnsNames.forEach(name -> sign.addAll(List.of("--subject-alternative-name-dns", name)));
        ipAddresses.forEach(ip -> sign.addAll(List.of("--subject-alternative-name-ip-address", ip)));
        run(sign.toArray(String[]::new));
        run("export-private-key", "--keystore", store.toString(), "--keystore-password", PASSWORD, "--alias", "server",
                "--output-file", key.toString(), "--output-format", "PEM");
        return new Issued(issued, key);
    }

    private static void run(String... arguments) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ResultCode result = ManageCertificates.main(InputStream.nullInputStream(), output, output, arguments);
        if (result != ResultCode.SUCCESS) {
            throw new IllegalStateException("manage-certificates " + arguments[0] + " failed (" + result + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }
}
