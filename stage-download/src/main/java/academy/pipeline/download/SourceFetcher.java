package academy.pipeline.download;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.StepContext;

/** Brings the bytes of recordings from one kind of source into the spool. */
public interface SourceFetcher {

    boolean supports(Source source);

    /**
     * Places the recording's bytes at their final spool path and describes them. Must be idempotent: a retry
     * after a crash may find a partial or a complete file from the previous attempt.
     */
    SpooledFile fetch(RecordingEvent event, StepContext context) throws Exception;
}
