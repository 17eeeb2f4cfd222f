package org.scimbridge.bridge.http;

import java.util.List;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;

import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfig.KeystoreTls;
import org.scimbridge.bridge.config.BridgeConfig.PemTls;

/**
 * The listener's TLS set-up from {@code server.tls}. Only TLS 1.2 and 1.3: RFC 8996 deprecates 1.0 and 1.1, and RFC 7644
 * section 7.1 requires TLS for SCIM; the JDK's default cipher suites for those versions are all forward secret AEADs.
 */
public final class ListenerTls {

    /** The versions the listener accepts; anything older fails the handshake. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private ListenerTls() {
    }

    public static Tls create(BridgeConfig.Tls config) {
        Keys keys = switch (config) {
            case PemTls pem -> Keys.builder().pem(p -> p.key(Resource.create(pem.privateKey()))
                    .certChain(Resource.create(pem.certificate()))).build();
            case KeystoreTls store -> Keys.builder().keystore(k -> k.keystore(Resource.create(store.keystore()))
                    .type("PKCS12").passphrase(store.password().value().toCharArray())).build();
        };
        return Tls.builder()
                .privateKey(keys)
                .privateKeyCertChain(keys)
                .enabledProtocols(PROTOCOLS)
                .build();
    }
}
