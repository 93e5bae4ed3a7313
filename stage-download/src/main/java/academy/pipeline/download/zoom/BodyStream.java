package academy.pipeline.download.zoom;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body whose read failures are {@link IOException}s: Reactor Netty's body stream reports a broken
 * connection as a runtime exception wrapping one, which would otherwise bypass the writer's keep-what-arrived
 * handling and the retry classification of I/O errors.
 */
final class BodyStream extends FilterInputStream {

    BodyStream(InputStream body) {
        super(body);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (RuntimeException e) {
            throw unwrap(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (RuntimeException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(RuntimeException e) throws IOException {
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                throw io;
            }
        }
        return e;
    }
}
