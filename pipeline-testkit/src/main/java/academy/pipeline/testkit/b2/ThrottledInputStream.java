package academy.pipeline.testkit.b2;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/** Reads no faster than a fixed number of bytes per second, by sleeping when ahead of schedule. */
final class ThrottledInputStream extends FilterInputStream {

    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();
    private long bytesRead;

    ThrottledInputStream(InputStream in, long bytesPerSecond) {
        super(in);
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            account(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, bytesPerSecond / 10)));
        if (n > 0) {
            account(n);
        }
        return n;
    }

    private void account(int n) throws InterruptedIOException {
        bytesRead += n;
        long dueNanos = bytesRead * 1_000_000_000L / bytesPerSecond;
        long aheadNanos = dueNanos - (System.nanoTime() - startNanos);
        if (aheadNanos > 0) {
            try {
                Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("throttled read interrupted");
            }
        }
    }
}
