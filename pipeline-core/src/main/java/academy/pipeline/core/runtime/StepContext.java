package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;
import academy.pipeline.core.spool.TransferListener;

import java.time.Instant;

/** What the runtime tells a running step, and how the step reports progress. */
public interface StepContext {

    String recordingId();

    Stage stage();

    /** 1 for the first try, 2 for the first retry, ... */
    int attempt();

    /** The step's time limit expires at this instant; transfers abort after it. */
    Instant deadline();

    /**
     * A listener for a transfer of {@code totalBytes} (or -1 when unknown) that publishes progress status
     * events at most every configured interval and aborts the transfer once the deadline has passed.
     */
    TransferListener transfer(long totalBytes);
}
