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
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A file an operator pointed at ({@code custom} source): the gateway has already taken it into the spool
 * (hard link or copy, inside the request), so here it is only verified (one streaming read computes the
 * SHA-1). Only a regular file directly in the recording's own spool directory is accepted: a {@code custom}
 * event naming any other path (forged on Kafka, or from an older gateway) is refused as fatal, so nothing
 * outside the spool is ever read.
 */
class LocalFileIntake implements SourceFetcher {

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
        Path source = Path.of(origin.path()).normalize();
        Path own = spool.root().resolve(event.recordingId());
        if (!source.isAbsolute() || !own.equals(source.getParent())) {
            throw new FatalStepException("custom recording path " + source + " is not in the recording's spool "
                    + "directory " + own + "; the gateway takes custom files into the spool when it accepts them");
        }
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new FatalStepException("spooled custom file is gone or not a regular file: " + source);
        }
        String fileName = origin.fileName() != null ? origin.fileName() : source.getFileName().toString();
        CopyResult result = StreamingCopy.sha1(source, context.transfer(Files.size(source)));
        if (origin.expectedSize() != null && result.size() != origin.expectedSize()) {
            throw new FatalStepException("spooled custom file has " + result.size() + " bytes, the gateway took "
                    + origin.expectedSize());
        }
        String contentType = origin.contentType() != null ? origin.contentType() : MediaTypeFactory.getMediaType(fileName)
                .map(MediaType::toString).orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        return new SpooledFile(spool.relative(source), result.size(), result.sha1(), contentType, fileName);
    }
}
