package org.scimbridge.bridge.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.config.BridgeConfig.Directory;
import org.scimbridge.bridge.config.BridgeConfig.Secret;
import org.scimbridge.bridge.ldap.BufferedReadSockets.BlockInput;

/**
 * The directory's sockets read ahead in blocks: every byte arrives once and in order whatever the read sizes, the socket
 * is asked how much is waiting only once the block is used up, and a pool built by {@link LdapPools} reads large
 * results through it intact.
 */
class BufferedReadSocketsTest {

    /** A socket-like stream: gives at most {@code chunk} bytes per read, and counts reads and available() calls. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int position;
        int reads;
        int availableCalls;

        Trickle(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            reads++;
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            reads++;
            if (position == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, chunk), data.length - position);
            System.arraycopy(data, position, target, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            availableCalls++;
            return Math.min(chunk, data.length - position);
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    @Test
    void everyByteArrivesOnceAndInOrderWhateverTheReadSizes() throws IOException {
        byte[] data = randomBytes(300_000);
        Trickle socket = new Trickle(data, 20_000);
        BlockInput input = new BlockInput(socket, 64 * 1024);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int[] sizes = {1, 7, 4096, 0, 65_536, 100_000, 3, 16_384};
        byte[] buffer = new byte[100_000];
        for (int i = 0; ; i++) {
            int size = sizes[i % sizes.length];
            if (size == 1) {
                int b = input.read();
                if (b < 0) {
                    break;
                }
                received.write(b);
                continue;
            }
            int n = input.read(buffer, 0, size);
            if (n < 0) {
                break;
            }
            assertTrue(size > 0 || n == 0, "a read of nothing reads nothing");
            received.write(buffer, 0, n);
        }
        assertArrayEquals(data, received.toByteArray());
        assertEquals(-1, input.read());
    }

    @Test
    void whatIsInTheBlockAnswersAvailableWithoutAskingTheSocket() throws IOException {
        Trickle socket = new Trickle(randomBytes(10_000), 50_000);
        BlockInput input = new BlockInput(socket, 64 * 1024);
        assertEquals(10_000, input.available(), "nothing read yet: the socket says");
        assertEquals(1, socket.availableCalls);
        byte[] buffer = new byte[4096];
        assertEquals(4096, input.read(buffer, 0, buffer.length));
        assertEquals(1, socket.reads, "one read of the socket filled the block");
        assertEquals(10_000 - 4096, input.available());
        assertEquals(4096, input.read(buffer, 0, buffer.length));
        assertEquals(10_000 - 8192, input.read(buffer, 0, buffer.length));
        assertEquals(1, socket.reads, "the rest came from the block");
        assertEquals(1, socket.availableCalls, "the socket was not asked again while the block had bytes");
        assertEquals(0, input.available());
        assertEquals(2, socket.availableCalls, "an empty block asks the socket");
    }

    @Test
    void aReadAsLargeAsTheBlockGoesStraightToTheSocketAndSkipUsesTheBlockFirst() throws IOException {
        byte[] data = randomBytes(200_000);
        Trickle socket = new Trickle(data, 50_000);
        BlockInput input = new BlockInput(socket, 64 * 1024);
        byte[] large = new byte[100_000];
        assertEquals(50_000, input.read(large, 0, large.length), "what one read of the socket gave, not copied");
        assertArrayEquals(Arrays.copyOf(data, 50_000), Arrays.copyOf(large, 50_000));
        assertEquals(1, socket.reads);
        assertEquals(10, input.read(large, 0, 10)); // fills the block with the next 50,000 bytes
        assertEquals(2, socket.reads);
        assertEquals(49_990, input.skip(1_000_000), "skip takes what the block holds");
        assertEquals(100_000, input.skip(1_000_000), "then what the socket skips");
        assertEquals(-1, input.read());
    }

    @Test
    void aPoolFromLdapPoolsReadsLargeResultsThroughTheBlocksIntact() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        config.addAdditionalBindCredentials("cn=admin", "secret");
        InMemoryDirectoryServer directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        directory.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        Random random = new Random(11);
        int users = 400;
        for (int n = 0; n < users; n++) {
            // ~2 KB per entry, odd sizes so that messages straddle the 64 KB blocks at every offset
            String description = Long.toString(random.nextLong() & Long.MAX_VALUE, 36).repeat(100 + n % 17);
            directory.add("dn: uid=u" + n + ",ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: u" + n,
                    "cn: User " + n, "sn: " + n, "description: " + description);
        }
        directory.startListening();
        try {
            LDAPConnectionPool pool = LdapPools.create(new Directory(
                    List.of("ldap://127.0.0.1:" + directory.getListenPort()), "cn=admin", new Secret("secret"), 2,
                    Duration.ofSeconds(2), Duration.ofSeconds(10)), "blocks-test");
            try {
                for (int round = 0; round < 3; round++) {
                    SearchResult result = pool.search("ou=people,dc=example,dc=com", SearchScope.ONE, "(objectClass=inetOrgPerson)");
                    assertEquals(users, result.getEntryCount());
                    for (SearchResultEntry entry : result.getSearchEntries()) {
                        assertEquals(directory.getEntry(entry.getDN()).getAttributeValue("description"),
                                entry.getAttributeValue("description"), entry.getDN());
                    }
                }
            } finally {
                pool.close();
            }
            try (Socket socket = new BufferedReadSockets().createSocket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), directory.getListenPort()));
                assertInstanceOf(BlockInput.class, socket.getInputStream(), "the factory's sockets read in blocks");
            }
        } finally {
            directory.shutDown(true);
        }
    }
}
