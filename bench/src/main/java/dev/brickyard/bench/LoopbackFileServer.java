package dev.brickyard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The ceiling for any download over loopback on this machine: a bare TCP server that sends one file to each
 * connection with {@link FileChannel#transferTo} (sendfile, no copies in Java) and closes it, either as raw bytes or
 * after reading a request and answering with the least HTTP/1.1 there is (a status line, {@code Content-Length},
 * {@code Connection: close}), so that an HTTP client's own cost shows. A registry download can only approach this.
 */
final class LoopbackFileServer implements AutoCloseable {
    /** Read size of every byte-counting reader in the benchmark, the same as the registry's copy buffer. */
    static final int READ_BUFFER = 256 * 1024;

    private final ServerSocketChannel server;
    private final boolean http;

    /** @param http answer an HTTP request rather than sending raw bytes at once */
    LoopbackFileServer(Path file, boolean http) throws IOException {
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.http = http;
        Thread acceptor = new Thread(() -> serve(file), "loopback-file-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where the HTTP variant answers any path. */
    URI uri() throws IOException {
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
    }

    private void serve(Path file) {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept();
                 FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                if (http) {
                    skipRequestHead(connection);
                    ByteBuffer head = ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + size
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    while (head.hasRemaining()) {
                        connection.write(head);
                    }
                }
                for (long sent = 0; sent < size; ) {
                    sent += channel.transferTo(sent, size - sent, connection);
                }
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException("the loopback file server failed", e);
            }
        }
    }

    /** Reads up to the blank line that ends a request's head (requests here have no body). */
    private static void skipRequestHead(SocketChannel connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (!new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
            if (!buffer.hasRemaining() || connection.read(buffer) < 0) {
                throw new IOException("no complete request head");
            }
        }
    }

    /** Connects to the raw variant, reads the whole file and returns its length. */
    long fetch() throws IOException {
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            return drain(socket.getInputStream());
        }
    }

    /** Reads a stream to its end in {@link #READ_BUFFER} chunks, dropping the bytes; returns how many there were. */
    static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[READ_BUFFER];
        long total = 0;
        for (int read; (read = in.read(buffer)) >= 0; ) {
            total += read;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
