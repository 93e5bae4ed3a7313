package academy.pipeline.stream;

import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.SpooledFile;
import academy.pipeline.core.event.StreamedVideo;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.SafeFileNames;
import academy.pipeline.core.spool.StreamingCopy;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * "Hosts" recordings in a local folder, {@code <root>/<recordingId>/<file>}: the default when no Bunny Stream
 * library is configured. A complete file of the same size from an earlier attempt is reused.
 */
class FilesystemStreamProvider implements StreamProvider {

    private final Path root;

    public FilesystemStreamProvider(Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    }

    @Override
    public String id() {
        return "filesystem";
    }

    @Override
    public StreamedVideo publish(RecordingEvent event, Path file, StepContext context) throws IOException {
        SpooledFile spooled = event.requireSpooled();
        Path dir = Files.createDirectories(root.resolve(event.recordingId()));
        Path target = dir.resolve(SafeFileNames.sanitize(spooled.fileName()));
        if (!Files.isRegularFile(target) || Files.size(target) != spooled.size()) {
            Path part = target.resolveSibling(target.getFileName() + ".part");
            StreamingCopy.copy(file, part, context.transfer(spooled.size()));
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new StreamedVideo(id(), root.toString(), target.getFileName().toString(), target.toUri().toString(), null);
    }
}
