package academy.pipeline.testkit.b2;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection for the B2 double, keyed by B2 operation name ({@code b2_upload_file}, {@code b2_upload_part},
 * {@code b2_authorize_account}, ...). Also counts the calls each operation received.
 */
public final class B2Faults {

    private record Plan(int passFirst, int failures, int status, Integer retryAfterSeconds) {
    }

    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile double megabytesPerSecond;
    private volatile int outageStatus;
    private final AtomicLong uploadBytes = new AtomicLong();

    /** Answers the next {@code times} calls of {@code operation} with {@code status} and B2's code for it. */
    public B2Faults failNext(String operation, int times, int status) {
        return failAfter(operation, 0, times, status, null);
    }

    /**
     * Lets {@code passFirst} calls of {@code operation} through, then answers the following {@code times} calls
     * with {@code status}, adding {@code Retry-After} when {@code retryAfterSeconds} is not null.
     */
    public B2Faults failAfter(String operation, int passFirst, int times, int status, Integer retryAfterSeconds) {
        plans.put(operation, new Plan(passFirst, times, status, retryAfterSeconds));
        return this;
    }

    /** Delays every call by {@code delay} before handling it. */
    public B2Faults latency(Duration delay) {
        this.latency = delay;
        return this;
    }

    /** Caps the upload bandwidth of each request to {@code mbPerSecond} MB/s; 0 removes the cap. */
    public B2Faults bandwidth(double mbPerSecond) {
        this.megabytesPerSecond = mbPerSecond;
        return this;
    }

    /**
     * Answers every call of every operation with {@code status} (503: B2 is down; 401: every key is refused)
     * until {@link #endOutage()}; uploads already under way are not cut.
     */
    public B2Faults outage(int status) {
        this.outageStatus = status;
        return this;
    }

    public B2Faults endOutage() {
        this.outageStatus = 0;
        return this;
    }

    /** Upload body bytes received by {@code b2_upload_file} and {@code b2_upload_part}, cut requests included. */
    public long uploadBytesReceived() {
        return uploadBytes.get();
    }

    /** Removes every planned failure, the outage, the latency and the bandwidth cap. */
    public void clear() {
        plans.clear();
        outageStatus = 0;
        latency = Duration.ZERO;
        megabytesPerSecond = 0;
    }

    /** How many calls {@code operation} has received (answered or failed). */
    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Counts a call and throws the planned failure for it, if any. */
    void onCall(String operation) throws InterruptedException {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        Duration delay = latency;
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        int outage = outageStatus;
        if (outage != 0) {
            throw new B2ApiException(outage, B2ApiException.codeFor(outage),
                    outage == 401 ? "The application key is not valid (injected outage)"
                            : "B2 is unavailable (injected outage of " + operation + ")");
        }
        Plan[] fired = new Plan[1];
        plans.computeIfPresent(operation, (op, plan) -> {
            if (plan.passFirst() > 0) {
                return new Plan(plan.passFirst() - 1, plan.failures(), plan.status(), plan.retryAfterSeconds());
            }
            fired[0] = plan;
            return plan.failures() > 1
                    ? new Plan(0, plan.failures() - 1, plan.status(), plan.retryAfterSeconds())
                    : null;
        });
        if (fired[0] != null) {
            Plan plan = fired[0];
            throw new B2ApiException(plan.status(), B2ApiException.codeFor(plan.status()),
                    "injected failure of " + operation, plan.retryAfterSeconds());
        }
    }

    void received(int bytes) {
        uploadBytes.addAndGet(bytes);
    }

    /** Bytes per second allowed for one upload, or 0 for no cap. */
    long bytesPerSecond() {
        return (long) (megabytesPerSecond * 1_000_000);
    }
}
