package academy.pipeline.gateway.tus;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that may carry at most {@code limit} bytes: the rest of the declared upload length, or of the
 * maximum size while the length is deferred. tus-java-server bounds a PATCH only by the maximum size, so without
 * this a chunked body could write past the declared length and leave the upload unfinishable.
 */
class LimitedBody extends FilterInputStream {

    /** The body went past what the upload may still receive. */
    static class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    private long remaining;

    LimitedBody(InputStream in, long limit) {
        super(in);
        this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return probeEnd();
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return probeEnd();
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    private int probeEnd() throws IOException {
        if (in.read() == -1) {
            return -1;
        }
        throw new TooLargeException("the request body is longer than the upload may still receive");
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("an upload body is never skipped");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
