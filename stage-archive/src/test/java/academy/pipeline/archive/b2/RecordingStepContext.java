package academy.pipeline.archive.b2;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.TransferListener;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A step context for calling a provider directly: first attempt, an hour to go, remembers the last progress. */
public final class RecordingStepContext implements StepContext {

    private final String recordingId;
    private final AtomicLong lastProgress = new AtomicLong(-1);

    public RecordingStepContext(String recordingId) {
        this.recordingId = recordingId;
    }

    public long lastProgress() {
        return lastProgress.get();
    }

    @Override
    public String recordingId() {
        return recordingId;
    }

    @Override
    public Stage stage() {
        return Stage.ARCHIVE;
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public Instant deadline() {
        return Instant.now().plusSeconds(3600);
    }

    @Override
    public TransferListener transfer(long totalBytes) {
        return lastProgress::set;
    }
}
