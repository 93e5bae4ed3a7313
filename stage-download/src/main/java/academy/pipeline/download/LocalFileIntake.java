package academy.pipeline.download;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.CopyResult;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.core.spool.StreamingCopy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Takes over a file an operator pointed at ({@code custom} source): a hard link into the spool when it is on
 * the same filesystem (no bytes copied; the operator's file is left untouched), else a streaming copy. Either
 * way one streaming read computes the SHA-1.
 */
public class LocalFileIntake implements SourceFetcher {

    private static final Logger log = LoggerFactory.getLogger(LocalFileIntake.class);

    private final Spool spool;

    public LocalFileIntake(Spool spool) {
        this.spool = spool;
    }

    @Override
    public boolean supports(Source source) {
        return source == Source.CUSTOM;
    }

    @Override
    public SpooledFile fetch(RecordingEvent event, StepContext context) throws IOException {
        Origin origin = event.origin();
        if (origin == null || origin.path() == null) {
            throw new FatalStepException("custom recording has no source path");
        }
        Path source = Path.of(origin.path());
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new FatalStepException("source file is gone or not a regular file: " + source);
        }
        String fileName = origin.fileName() != null ? origin.fileName() : source.getFileName().toString();
        Path target = spool.file(event.recordingId(), fileName);
        Path part = spool.partFile(target);
        Files.deleteIfExists(part);
        long size = Files.size(source);
        CopyResult result;
        if (tryHardLink(part, source)) {
            result = StreamingCopy.sha1(part, context.transfer(size));
        } else {
            result = StreamingCopy.copy(source, part, context.transfer(size));
        }
        spool.commit(part, target);
        String contentType = origin.contentType() != null ? origin.contentType() : ContentTypes.guess(fileName);
        return new SpooledFile(spool.relative(target), result.size(), result.sha1(), contentType, fileName);
    }

    private static boolean tryHardLink(Path link, Path existing) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (FileSystemException | UnsupportedOperationException e) {
            log.debug("hard link not possible ({}), copying instead", e.getMessage());
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
