package academy.pipeline.download;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.StageStep;
import academy.pipeline.core.runtime.StepContext;

import java.util.List;

/** Step 1: bring the recording into the spool, whatever its source. */
class DownloadStep implements StageStep {

    private final List<SourceFetcher> fetchers;

    public DownloadStep(List<SourceFetcher> fetchers) {
        this.fetchers = List.copyOf(fetchers);
    }

    @Override
    public RecordingEvent process(RecordingEvent event, StepContext context) throws Exception {
        SourceFetcher fetcher = fetchers.stream()
                .filter(f -> f.supports(event.source()))
                .findFirst()
                .orElseThrow(() -> new FatalStepException("no fetcher for source " + event.source().id()));
        return event.withSpooled(fetcher.fetch(event, context));
    }
}
