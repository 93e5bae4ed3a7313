package academy.pipeline.stream;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.StreamedVideo;
import academy.pipeline.core.runtime.StepContext;

import java.nio.file.Path;

/** Somewhere recordings are hosted for playback (Bunny Stream, a local folder). */
public interface StreamProvider {

    /** Short id stored in the event ({@code bunny}, {@code filesystem}). */
    String id();

    /**
     * Publishes the spooled file for playback. Idempotent and resumable: a retry after a crash resumes or
     * reuses what the previous attempt created instead of creating a second video.
     *
     * @param file the spooled file; read with streaming I/O only. Exists when {@link #readsSpooledFile()}
     */
    StreamedVideo publish(RecordingEvent event, Path file, StepContext context) throws Exception;

    /**
     * Whether {@link #publish} reads the spooled file; when not (Bunny fetching from B2), the step does not
     * require it, so a copy already deleted is no failure.
     */
    default boolean readsSpooledFile() {
        return true;
    }
}
