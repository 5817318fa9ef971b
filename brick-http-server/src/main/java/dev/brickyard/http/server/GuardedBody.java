package dev.brickyard.http.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A request body that counts what it reads: past the limit it throws the 413 refusal; when it ends before its
 * declared length, or breaks off, or the watchdog cuts it off because it stalled, it throws a
 * {@link BodyBrokenException} that says how far it got.
 */
final class GuardedBody extends FilterInputStream {
    /** The request property that holds a request's guarded body. */
    static final String PROPERTY = GuardedBody.class.getName();
    /** The most of a body's rest that is read to keep the connection; past it the connection is closed. */
    static final int MAX_REST_BYTES = 64 * 1024;

    private final RequestGuard.Watch watch;
    private final long limit;
    private final long declared;
    private final Supplier<RequestRefusedException> tooLarge;
    private long read;
    private boolean ended;

    /**
     * @param watch    the exchange's watch, or null outside a guarded server
     * @param declared the {@code Content-Length}, or -1
     */
    GuardedBody(InputStream body, RequestGuard.Watch watch, long limit, long declared,
                Supplier<RequestRefusedException> tooLarge) {
        super(body);
        this.watch = watch;
        this.limit = limit;
        this.declared = declared;
        this.tooLarge = tooLarge;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        if (watch != null) {
            watch.readingBody();
        }
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw broken(e.getMessage());
        } finally {
            if (watch != null) {
                watch.bodyRead();
            }
        }
        if (n < 0) {
            if (declared >= 0 && read < declared) {
                throw broken("the connection ended");
            }
            ended = true;
            return n;
        }
        read += n;
        if (read > limit) {
            throw tooLarge.get();
        }
        return n;
    }

    /** Reads the rest of the body (see {@link #readRest}) before closing it. */
    @Override
    public void close() throws IOException {
        readRest();
        super.close();
    }

    /**
     * Reads what the resource left of a body (a JSON reader stops at the closing brace, before the end of the
     * stream; a request refused before its body leaves all of it), at most {@link #MAX_REST_BYTES} and under the body
     * timeout, so that the connection can carry the next request. A body nobody started on is left when it is longer,
     * of unknown length, or its request was refused before it got a worker (waiting for it would hold a thread the
     * limits do not count): the server closes the connection rather than wait for a body it will not use.
     *
     * @return whether the body was read to its end
     */
    boolean readRest() {
        if (ended) {
            return true;
        }
        boolean admitted = watch == null || watch.holdsWorker();
        if (read == 0 && (!admitted || declared < 0 || declared > MAX_REST_BYTES)) {
            return false;
        }
        byte[] buffer = new byte[8192];
        try {
            for (long rest = 0; rest <= MAX_REST_BYTES; ) {
                int n = read(buffer, 0, buffer.length);
                if (n < 0) {
                    return true;
                }
                rest += n;
            }
        } catch (IOException | RequestRefusedException e) {
            // the connection is closed after the answer; the answer is what matters now
        }
        return false;
    }

    private BodyBrokenException broken(String cause) {
        String expected = declared >= 0 ? " of " + declared : "";
        if (watch != null && watch.timedOut()) {
            // The watchdog interrupted this thread to close the connection; the interrupt has done its work.
            Thread.interrupted();
            return new BodyBrokenException("the body stalled after " + read + expected
                    + " bytes and the connection was closed");
        }
        return new BodyBrokenException("the body broke off after " + read + expected + " bytes: " + cause);
    }
}
