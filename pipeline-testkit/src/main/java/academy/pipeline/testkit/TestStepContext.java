package academy.pipeline.testkit;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.TransferListener;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The runtime's context for calling a step or a provider directly: a given attempt, a fixed deadline, and the
 * last progress a transfer reported. */
public final class TestStepContext implements StepContext {

    private final String recordingId;
    private final Stage stage;
    private final int attempt;
    private final Instant deadline;
    private final AtomicLong lastProgress = new AtomicLong(-1);

    private TestStepContext(String recordingId, Stage stage, int attempt, Duration timeLimit) {
        this.recordingId = recordingId;
        this.stage = stage;
        this.attempt = attempt;
        this.deadline = Instant.now().plus(timeLimit);
    }

    /** The first attempt, with an hour to go. */
    public static TestStepContext first(String recordingId, Stage stage) {
        return attempt(recordingId, stage, 1);
    }

    public static TestStepContext attempt(String recordingId, Stage stage, int attempt) {
        return new TestStepContext(recordingId, stage, attempt, Duration.ofHours(1));
    }

    public static TestStepContext withTimeLimit(String recordingId, Stage stage, Duration timeLimit) {
        return new TestStepContext(recordingId, stage, 1, timeLimit);
    }

    /** Bytes done at the last progress report, or -1 before any. */
    public long lastProgress() {
        return lastProgress.get();
    }

    @Override
    public String recordingId() {
        return recordingId;
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public TransferListener transfer(long totalBytes) {
        return lastProgress::set;
    }
}
