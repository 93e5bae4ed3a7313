package academy.pipeline.core.runtime;

import academy.pipeline.core.event.RecordingEvent;

/**
 * One step of the pipeline as plain code: takes the recording's event, does the work, returns the event
 * enriched with its result. The runtime publishes the result to the next topic and only then commits.
 *
 * <p>A step must be idempotent: it may run again for the same recording after a crash between its side
 * effect and the commit, or after a duplicate delivery. Throw {@link FatalStepException} for errors a retry
 * cannot fix; anything else is classified by {@link FailureClassifier}.
 */
@FunctionalInterface
public interface StageStep {

    RecordingEvent process(RecordingEvent event, StepContext context) throws Exception;
}
