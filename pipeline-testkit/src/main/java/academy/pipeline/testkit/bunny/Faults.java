package academy.pipeline.testkit.bunny;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults the double injects, set by tests and benchmarks: answer the next N requests with an error status,
 * cut the next upload request's connection after K body bytes, cap the upload bandwidth, hold tus requests.
 */
public final class Faults {

    private final AtomicInteger apiFailuresLeft = new AtomicInteger();
    private final AtomicInteger tusFailuresLeft = new AtomicInteger();
    private volatile int apiFailureStatus = 503;
    private volatile int tusFailureStatus = 503;
    private final AtomicLong cutAtOffset = new AtomicLong(-1);
    private volatile long bytesPerSecond;
    private volatile boolean loseOnCut;
    private volatile CountDownLatch tusHold = new CountDownLatch(0);
    private final AtomicInteger tusHeld = new AtomicInteger();

    /** Answers the next {@code count} Stream API requests (create/get/delete/fetch) with {@code status}. */
    public Faults failNextApiRequests(int count, int status) {
        apiFailureStatus = status;
        apiFailuresLeft.set(count);
        return this;
    }

    /** Answers the next {@code count} tus requests (POST/HEAD/PATCH) with {@code status}, body unread. */
    public Faults failNextTusRequests(int count, int status) {
        tusFailureStatus = status;
        tusFailuresLeft.set(count);
        return this;
    }

    /**
     * Cuts the PATCH that carries byte {@code uploadOffset} of an upload, once, when it gets there: the bytes
     * read so far are kept (a tus server keeps what it received), then the connection is dropped.
     */
    public Faults cutUploadAt(long uploadOffset) {
        loseOnCut = false;
        cutAtOffset.set(uploadOffset);
        return this;
    }

    /**
     * Like {@link #cutUploadAt}, and the server then forgets the whole tus upload (as when it expired): a
     * client resuming it gets 404.
     */
    public Faults loseUploadAt(long uploadOffset) {
        loseOnCut = true;
        cutAtOffset.set(uploadOffset);
        return this;
    }

    /** Caps the rate at which each upload request's body is read; 0 removes the cap. */
    public Faults capBandwidth(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /**
     * Makes every tus request (creation, HEAD, PATCH) wait before it is served until {@link #releaseTusRequests()}
     * (at most 5 minutes): a video can be created while its upload does not start.
     */
    public Faults holdTusRequests() {
        tusHold = new CountDownLatch(1);
        return this;
    }

    public Faults releaseTusRequests() {
        tusHold.countDown();
        return this;
    }

    /** Tus requests waiting in {@link #holdTusRequests()} right now. */
    public int tusRequestsHeld() {
        return tusHeld.get();
    }

    /** Removes every fault. */
    public void clear() {
        releaseTusRequests();
        apiFailuresLeft.set(0);
        tusFailuresLeft.set(0);
        cutAtOffset.set(-1);
        loseOnCut = false;
        bytesPerSecond = 0;
    }

    /** The status to fail this API request with, or 0 to serve it. */
    int nextApiFailure() {
        return apiFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? apiFailureStatus : 0;
    }

    int nextTusFailure() {
        awaitTusRelease();
        return tusFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? tusFailureStatus : 0;
    }

    private void awaitTusRelease() {
        CountDownLatch hold = tusHold;
        if (hold.getCount() == 0) {
            return;
        }
        tusHeld.incrementAndGet();
        try {
            hold.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            tusHeld.decrementAndGet();
        }
    }

    /** How many body bytes a PATCH starting at {@code requestOffset} may deliver before its cut, or -1. */
    long cutAfterFor(long requestOffset) {
        long at = cutAtOffset.get();
        return at >= requestOffset ? at - requestOffset : -1;
    }

    /** The pending cut happened. */
    void cutDone() {
        cutAtOffset.set(-1);
    }

    /** Whether the upload of the request that was just cut is to be forgotten (once). */
    boolean takeLoseOnCut() {
        boolean lose = loseOnCut;
        loseOnCut = false;
        return lose;
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }
}
