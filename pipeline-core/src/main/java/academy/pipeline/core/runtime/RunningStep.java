package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.event.StatusEvent;
import academy.pipeline.core.event.Transition;
import academy.pipeline.core.spool.TransferListener;

import java.time.Clock;
import java.time.Instant;

/** The {@link StepContext} of one try of one recording at one stage. */
final class RunningStep implements StepContext {

    private final String recordingId;
    private final Stage stage;
    private final int attempt;
    private final Instant deadline;
    private final StageRuntimeSettings settings;
    private final StatusPublisher status;
    private final Clock clock;
    private volatile long bytesDone;

    RunningStep(String recordingId, Stage stage, int attempt, StageRuntimeSettings settings, StatusPublisher status,
                Clock clock) {
        this.recordingId = recordingId;
        this.stage = stage;
        this.attempt = attempt;
        this.settings = settings;
        this.status = status;
        this.clock = clock;
        this.deadline = clock.instant().plus(settings.timeLimit());
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

    /** Bytes the last transfer reported, for the closing log line and status. */
    long bytesDone() {
        return bytesDone;
    }

    @Override
    public TransferListener transfer(long totalBytes) {
        long intervalMillis = settings.progressInterval().toMillis();
        return new TransferListener() {
            private long nextReportAt = clock.millis() + intervalMillis;

            @Override
            public void transferred(long bytesSoFar) throws StepTimeoutException {
                bytesDone = bytesSoFar;
                long now = clock.millis();
                if (now < nextReportAt) {
                    return;
                }
                nextReportAt = now + intervalMillis;
                if (clock.instant().isAfter(deadline)) {
                    throw new StepTimeoutException("step time limit of " + settings.timeLimit() + " passed after "
                            + bytesSoFar + " bytes");
                }
                status.publish(StatusEvent.of(recordingId, stage, Transition.PROGRESS, attempt, clock.instant())
                        .withBytes(bytesSoFar, totalBytes < 0 ? null : totalBytes));
            }
        };
    }
}
