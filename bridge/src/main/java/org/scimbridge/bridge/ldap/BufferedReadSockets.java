package org.scimbridge.bridge.ldap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;

import javax.net.SocketFactory;

/**
 * Plain TCP sockets to the directory whose input is read in blocks of {@link #READ_BLOCK} bytes. The LDAP SDK reads a
 * connection through a 4 KB {@code BufferedInputStream}, which asks the socket how much is waiting ({@code ioctl
 * FIONREAD}) before each refill: a page of 100 users (~45 KB from slapd) took 12 reads and 12 ioctls, and a request's
 * thread pays each of those system calls (strace of bench/directory's walk). Reading what has arrived in one call and
 * answering {@code available()} from memory while it lasts leaves a read per burst of entries that slapd has sent: all
 * the bridge's reads per page, HTTP included, went from 14.5 to 5.9, its ioctls from 11.6 to none. StartTLS layers over
 * these sockets unchanged; LDAPS sockets come from the TLS socket factory and are not wrapped.
 */
final class BufferedReadSockets extends SocketFactory {

    /** Large enough for a page of entries as slapd sends it (it writes one entry at a time as it finds them). */
    static final int READ_BLOCK = 64 * 1024;

    @Override
    public Socket createSocket() {
        return new BufferedReadSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localAddress, localPort));
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return connected(new InetSocketAddress(address, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = new BufferedReadSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A socket whose input stream reads ahead in blocks. */
    private static final class BufferedReadSocket extends Socket {

        private InputStream input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new BlockInput(super.getInputStream(), READ_BLOCK);
            }
            return input;
        }
    }

    /**
     * An input stream that reads ahead into one block. Unlike {@code BufferedInputStream}, {@link #available()} asks the
     * socket only when the block is used up: what is in memory is already an answer that reading will not block.
     */
    static final class BlockInput extends FilterInputStream {

        private final byte[] block;
        private int position;
        private int limit;

        BlockInput(InputStream in, int blockSize) {
            super(Objects.requireNonNull(in));
            this.block = new byte[blockSize];
        }

        @Override
        public synchronized int read() throws IOException {
            if (position == limit && !fill()) {
                return -1;
            }
            return block[position++] & 0xFF;
        }

        @Override
        public synchronized int read(byte[] target, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, target.length);
            if (length == 0) {
                return 0;
            }
            if (position == limit) {
                if (length >= block.length) {
                    return in.read(target, offset, length); // no copy through the block for a read as large as it
                }
                if (!fill()) {
                    return -1;
                }
            }
            int copied = Math.min(length, limit - position);
            System.arraycopy(block, position, target, offset, copied);
            position += copied;
            return copied;
        }

        @Override
        public synchronized long skip(long count) throws IOException {
            if (count <= 0) {
                return 0;
            }
            if (position == limit) {
                return in.skip(count);
            }
            int skipped = (int) Math.min(count, limit - position);
            position += skipped;
            return skipped;
        }

        @Override
        public synchronized int available() throws IOException {
            return position < limit ? limit - position : in.available();
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int readLimit) {
            // not supported (markSupported() is false), as InputStream's contract allows
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("mark/reset not supported");
        }

        /** Reads what the socket has, at least one byte; false at the end of the stream. */
        private boolean fill() throws IOException {
            int read = in.read(block, 0, block.length);
            if (read <= 0) {
                return false; // a blocking socket read returns at least one byte or -1
            }
            position = 0;
            limit = read;
            return true;
        }
    }
}
