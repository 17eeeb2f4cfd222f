package org.scimbridge.bridge.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.testing.SlapdServer;
import org.scimbridge.bridge.testing.TestCertificate;

/**
 * The HTTPS listener, configured as an operator would: one bridge with a PEM certificate and its key as a systemd
 * credential, one with a PKCS#12 key store whose password comes from the environment. A Java client that trusts only the
 * test certificate speaks SCIM over TLS 1.2 and 1.3; OpenSSL's client shows that TLS 1.1 is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsListenerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestCertificate certificate;
    private BridgeServer pemBridge;
    private BridgeServer keystoreBridge;
    private SSLContext trusting;

    @BeforeAll
    void start() throws Exception {
        SlapdServer slapd = SlapdServer.shared();
        Path certificates = Files.createTempDirectory("https-it-cert");
        certificate = TestCertificate.create(certificates, "localhost", "ip:127.0.0.1,dns:localhost");
        Path credentials = Files.createTempDirectory("https-it-credentials");
        Files.copy(certificate.key(), credentials.resolve("tls-key"));
        Path pem = SlapdBridge.configure(slapd, slapd.adminDn(), slapd.adminPassword(), """
                tls:
                  certificate: %s
                  privateKeyCredential: tls-key
                """.formatted(certificate.certificate()), "");
        pemBridge = SlapdBridge.start(pem, Map.of("CREDENTIALS_DIRECTORY", credentials.toString()));
        Path keystore = SlapdBridge.configure(slapd, slapd.adminDn(), slapd.adminPassword(), """
                tls:
                  keystore: %s
                  keystorePasswordEnv: BRIDGE_KEYSTORE_PASSWORD
                """.formatted(certificate.keyStore()), "");
        keystoreBridge = SlapdBridge.start(keystore, Map.of("BRIDGE_KEYSTORE_PASSWORD", TestCertificate.PASSWORD));
        trusting = trustingOnly(certificate.certificate());
    }

    @AfterAll
    void stop() {
        pemBridge.close();
        keystoreBridge.close();
    }

    @Test
    void aPemListenerAnswersScimOverTls13() throws Exception {
        HttpResponse<String> response = get(pemBridge, "TLSv1.3", "/ServiceProviderConfig");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("TLSv1.3", response.sslSession().orElseThrow().getProtocol());
    }

    @Test
    void aPemListenerAnswersScimOverTls12() throws Exception {
        HttpResponse<String> response = get(pemBridge, "TLSv1.2", "/ServiceProviderConfig");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("TLSv1.2", response.sslSession().orElseThrow().getProtocol());
    }

    @Test
    void aPkcs12ListenerAnswersScimOverTls() throws Exception {
        HttpResponse<String> response = get(keystoreBridge, "TLSv1.3", "/Users?count=1");
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void aUserCreatedOverHttpsHasAnHttpsLocation() throws Exception {
        String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"https.location\","
                + "\"name\":{\"givenName\":\"Tee\",\"familyName\":\"Ls\"}}";
        HttpResponse<String> created = client("TLSv1.3").send(request(pemBridge, "/Users")
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/scim+json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        JsonNode user = JSON.readTree(created.body());
        String location = user.at("/meta/location").asText();
        try {
            assertEquals("https://127.0.0.1:" + pemBridge.port() + "/scim/v2/Users/" + user.get("id").asText(), location);
            assertEquals(location, created.headers().firstValue("Location").orElseThrow());
        } finally {
            assertEquals(204, client("TLSv1.3").send(request(pemBridge, "/Users/" + user.get("id").asText()).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void aTls11HandshakeIsRefused() throws Exception {
        // Control first: the same OpenSSL client, at security level 0 so that it may offer old versions, gets TLS 1.2.
        assertEquals(0, openSsl(pemBridge.port(), "-tls1_2"), "OpenSSL could not speak TLS 1.2 to the listener");
        assertNotEquals(0, openSsl(pemBridge.port(), "-tls1_1"));
        assertNotEquals(0, openSsl(keystoreBridge.port(), "-tls1_1"));
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoScimAnswer() throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pemBridge.port() + "/scim/v2/Users"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + BridgeHarness.TOKEN).build();
        try {
            HttpResponse<String> response = plain.send(request, HttpResponse.BodyHandlers.ofString());
            assertNotEquals(200, response.statusCode(), response.body());
        } catch (IOException refused) {
            // the server closed the connection: no cleartext SCIM on a TLS port
        }
    }

    /** Runs {@code openssl s_client} with one protocol version; its exit status is 0 only after a completed handshake. */
    private static int openSsl(int port, String version) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, version,
                "-cipher", "DEFAULT@SECLEVEL=0", "-brief").redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), output);
        return process.exitValue();
    }

    private HttpResponse<String> get(BridgeServer bridge, String protocol, String path) throws Exception {
        return client(protocol).send(request(bridge, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(BridgeServer bridge, String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + bridge.port() + "/scim/v2" + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + BridgeHarness.TOKEN);
    }

    private HttpClient client(String protocol) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        return HttpClient.newBuilder().sslContext(trusting).sslParameters(parameters).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static SSLContext trustingOnly(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("bridge", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

}
