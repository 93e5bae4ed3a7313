package academy.pipeline.archive;

import academy.pipeline.core.event.ArchivedFile;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.runtime.StepContext;
import academy.pipeline.core.spool.CopyResult;
import academy.pipeline.core.spool.StreamingCopy;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Archives into a local folder: the default when no B2 credentials are configured. Copies under a temporary
 * name and renames, so the archive never holds a partial file; an existing file with the same content is
 * reused.
 */
class FilesystemArchiveProvider implements ArchiveProvider {

    private final Path root;

    FilesystemArchiveProvider(Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    }

    @Override
    public String id() {
        return "filesystem";
    }

    @Override
    public ArchivedFile archive(RecordingEvent event, Path file, String fileName, StepContext context) throws IOException {
        Path target = root.resolve(fileName).normalize();
        if (!target.startsWith(root)) {
            throw new IllegalArgumentException("archive name escapes the archive folder: " + fileName);
        }
        Files.createDirectories(target.getParent());
        long size = Files.size(file);
        String expectedSha1 = event.requireSpooled().sha1();
        if (Files.isRegularFile(target) && Files.size(target) == size
                && StreamingCopy.sha1(target, context.transfer(size)).sha1().equalsIgnoreCase(expectedSha1)) {
            return describe(target, fileName, expectedSha1);
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        CopyResult copied = StreamingCopy.copy(file, part, context.transfer(size));
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return describe(target, fileName, copied.sha1());
    }

    private ArchivedFile describe(Path target, String fileName, String sha1) {
        return new ArchivedFile(id(), root.toString(), fileName, target.toString(), target.toUri().toString(), sha1);
    }
}
