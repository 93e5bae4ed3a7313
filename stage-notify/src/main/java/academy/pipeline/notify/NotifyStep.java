package academy.pipeline.notify;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.runtime.StageStep;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.Spool;

/** Step 4: announce the recording to the website, then delete its spool directory. */
class NotifyStep implements StageStep {

    private final WebsiteNotifier website;
    private final Spool spool;

    NotifyStep(WebsiteNotifier website, Spool spool) {
        this.website = website;
        this.spool = spool;
    }

    @Override
    public RecordingEvent process(RecordingEvent event, StepContext context) throws Exception {
        website.send(Notification.of(event));
        spool.delete(event.recordingId());
        return event;
    }
}
