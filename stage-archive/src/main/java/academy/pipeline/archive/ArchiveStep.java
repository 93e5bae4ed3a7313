package academy.pipeline.archive;

import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.StageStep;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.Spool;

import java.nio.file.Path;

/** Step 2: archive the spooled file and check that what was archived is what was downloaded. */
class ArchiveStep implements StageStep {

    private final Spool spool;
    private final ArchiveProvider provider;
    private final ArchiveFileNames names;

    ArchiveStep(Spool spool, ArchiveProvider provider, ArchiveFileNames names) {
        this.spool = spool;
        this.provider = provider;
        this.names = names;
    }

    @Override
    public RecordingEvent process(RecordingEvent event, StepContext context) throws Exception {
        SpooledFile spooled = event.requireSpooled();
        Path file = spool.requireExisting(spooled);
        ArchivedFile archived = provider.archive(event, file, names.nameFor(event), context);
        if (!spooled.sha1().equalsIgnoreCase(archived.sha1())) {
            throw new FatalStepException("checksum mismatch: archived SHA-1 " + archived.sha1()
                    + " differs from spooled SHA-1 " + spooled.sha1());
        }
        return event.withArchive(archived);
    }
}
