package academy.pipeline.download.manual;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.CopyResult;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.core.spool.StreamingCopy;
import academy.pipeline.download.SourceFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Takes a finished tutor upload ({@code manual} source) over into the spool: renamed when the tus directory and
 * the spool share a filesystem (no byte copied), streamed otherwise; either way one streaming read computes the
 * SHA-1. Then the tus upload is removed: for our own tus server its directory {@code uploads/<id>/} (info, marker),
 * for an external one the {@code .info}/{@code .json} file beside the data.
 *
 * <p>Idempotent: a retry finds the file already moved (the spool's part or final file) and carries on from there.
 */
public class ManualUploadFetcher implements SourceFetcher {

    private static final Logger log = LoggerFactory.getLogger(ManualUploadFetcher.class);
    private static final List<String> SIDECARS = List.of(".info", ".json");

    private final Spool spool;
    private final Path tusDir;

    public ManualUploadFetcher(Spool spool, Path tusDir) {
        this.spool = spool;
        this.tusDir = realIfPossible(tusDir.toAbsolutePath().normalize());
    }

    /** The gateway names files by their real path, so compare against the real directory where it exists. */
    private static Path realIfPossible(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    @Override
    public boolean supports(Source source) {
        return source == Source.MANUAL;
    }

    @Override
    public SpooledFile fetch(RecordingEvent event, StepContext context) throws IOException {
        Origin origin = event.origin();
        if (origin == null || origin.path() == null) {
            throw new FatalStepException("manual recording has no upload path");
        }
        Path source = Path.of(origin.path()).toAbsolutePath().normalize();
        if (!source.startsWith(tusDir)) {
            throw new FatalStepException("upload path " + source + " is outside the tus directory " + tusDir);
        }
        String fileName = origin.fileName() != null ? origin.fileName() : source.getFileName().toString();
        Path target = spool.file(event.recordingId(), fileName);
        Path part = spool.partFile(target);

        if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            takeOver(source, part, origin, context);
        } else if (!Files.exists(part) && !Files.exists(target)) {
            throw new FatalStepException("upload file is gone and was not taken over: " + source);
        }
        CopyResult result;
        if (Files.exists(part)) {
            result = StreamingCopy.sha1(part, context.transfer(Files.size(part)));
            requireExpectedSize(origin, result.size());
            spool.commit(part, target);
        } else {
            result = StreamingCopy.sha1(target, context.transfer(Files.size(target)));
            requireExpectedSize(origin, result.size());
        }
        removeUpload(source);
        String contentType = origin.contentType() != null ? origin.contentType() : MediaTypeFactory.getMediaType(fileName)
                .map(MediaType::toString).orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        return new SpooledFile(spool.relative(target), result.size(), result.sha1(), contentType, fileName);
    }

    /** Moves (or copies, across filesystems) the upload to the spool's part file; the source is gone afterwards. */
    private void takeOver(Path source, Path part, Origin origin, StepContext context) throws IOException {
        if (origin.expectedSize() != null && Files.size(source) != origin.expectedSize()) {
            throw new FatalStepException("upload " + source + " has " + Files.size(source) + " bytes, expected "
                    + origin.expectedSize());
        }
        try {
            Files.move(source, part, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            log.info("tus directory and spool are on different filesystems: copying {}", source);
            Path copying = part.resolveSibling(part.getFileName() + ".copy");
            StreamingCopy.copy(source, copying, context.transfer(Files.size(source)));
            Files.move(copying, part, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(source);
        }
    }

    private static void requireExpectedSize(Origin origin, long size) {
        if (origin.expectedSize() != null && size != origin.expectedSize()) {
            throw new FatalStepException("spooled upload has " + size + " bytes, expected " + origin.expectedSize());
        }
    }

    /** Removes what is left of the upload once its bytes are in the spool. Missing is fine (a retry). */
    private void removeUpload(Path data) throws IOException {
        Path dir = data.getParent();
        Path uploads = tusDir.resolve("uploads");
        if (data.getFileName().toString().equals("data") && uploads.equals(dir.getParent())) {
            deleteDirectory(dir);
            return;
        }
        for (String suffix : SIDECARS) {
            Files.deleteIfExists(data.resolveSibling(data.getFileName() + suffix));
        }
    }

    private static void deleteDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            log.warn("tus upload directory {} not empty after take-over; left in place", dir);
        }
    }
}
