package academy.pipeline.archive;

import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.runtime.StepContext;

import java.nio.file.Path;

/** Somewhere recordings are archived for good (a B2 bucket, a local folder). */
public interface ArchiveProvider {

    /** Short id stored in the event ({@code b2}, {@code filesystem}). */
    String id();

    /**
     * Archives the spooled file under {@code fileName}. Idempotent: when a previous attempt already archived the
     * same content under that name, returns it instead of storing a second copy; leaves no partial upload behind.
     *
     * @param file     the spooled file; read with streaming I/O only
     * @param fileName the archive name from {@link ArchiveFileNames}
     * @return the archived file, with the SHA-1 the provider verified
     */
    ArchivedFile archive(RecordingEvent event, Path file, String fileName, StepContext context) throws Exception;
}
