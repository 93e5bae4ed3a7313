package academy.pipeline.testkit.bunny;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The body of one PATCH as tus-java-server reads it: counts bytes into the double's total, throttles to a
 * bandwidth cap, and fails after a set number of bytes to emulate a cut connection.
 */
final class UploadBodyStream extends ServletInputStream {

    /** Thrown to emulate the connection being cut; the servlet turns it into an aborted connection. */
    static final class ConnectionCut extends IOException {
        ConnectionCut(long after) {
            super("connection cut by fault injection after " + after + " bytes");
        }
    }

    private final ServletInputStream in;
    private final AtomicLong totalReceived;
    private final long cutAfter;
    private final long bytesPerSecond;
    private final Runnable onCut;
    private final long started = System.nanoTime();
    private long read;
    private volatile boolean cut;

    UploadBodyStream(ServletInputStream in, AtomicLong totalReceived, long cutAfter, long bytesPerSecond,
                     Runnable onCut) {
        this.in = in;
        this.onCut = onCut;
        this.totalReceived = totalReceived;
        this.cutAfter = cutAfter;
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (cutAfter >= 0) {
            if (read >= cutAfter) {
                cut = true;
                onCut.run();
                throw new ConnectionCut(read);
            }
            len = (int) Math.min(len, cutAfter - read);
        }
        if (bytesPerSecond > 0) {
            len = (int) Math.min(len, Math.max(1, bytesPerSecond / 20));
        }
        int n = in.read(b, off, len);
        if (n > 0) {
            read += n;
            totalReceived.addAndGet(n);
            throttle();
        }
        return n;
    }

    private void throttle() throws IOException {
        if (bytesPerSecond <= 0) {
            return;
        }
        long dueNanos = read * 1_000_000_000L / bytesPerSecond;
        long aheadNanos = dueNanos - (System.nanoTime() - started);
        if (aheadNanos > 0) {
            try {
                Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while throttling", e);
            }
        }
    }

    /** Whether the injected cut happened (the library may have swallowed the exception). */
    boolean cut() {
        return cut;
    }

    @Override
    public boolean isFinished() {
        return in.isFinished();
    }

    @Override
    public boolean isReady() {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }
}
