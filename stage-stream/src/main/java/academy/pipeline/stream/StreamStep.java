package academy.pipeline.stream;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.StageStep;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.Spool;

import java.nio.file.Path;

/** Step 3: host the spooled recording for playback. */
public class StreamStep implements StageStep {

    private final Spool spool;
    private final StreamProvider provider;

    public StreamStep(Spool spool, StreamProvider provider) {
        this.spool = spool;
        this.provider = provider;
    }

    @Override
    public RecordingEvent process(RecordingEvent event, StepContext context) throws Exception {
        SpooledFile spooled = event.requireSpooled();
        Path file = provider.readsSpooledFile() ? spool.requireExisting(spooled) : spool.resolve(spooled);
        return event.withStream(provider.publish(event, file, context));
    }
}
